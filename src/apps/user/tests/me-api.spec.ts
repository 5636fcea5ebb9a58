/**
 * The caller's own account: GET /api/users/me/ shows the whole record, PATCH /api/users/me/ changes only the
 * profile fields (first_name, last_name, email, address, age) and refuses every other field by name.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { scanEveryResponse } from '../../authentication/tests/no-secrets.js';
import { User } from '../models/index.js';

const USER_KEYS = ['id', 'created_at', 'updated_at', 'username', 'first_name', 'last_name', 'email', 'address', 'age', 'role', 'status'];

describe('the caller\'s own account (/api/users/me/)', () => {
  const t = useTestCase({ fixtures: ['users'] });
  scanEveryResponse();

  const user = async (username: string) => (await User.get({ username }))!;
  const patchMe = (body: unknown) => t.client.patch(t.urlFor('user-me-patch')).send(body as object);

  describe('GET', () => {
    it('is not taken for a user id: /me/ and /me answer with the caller\'s whole record', async () => {
      await t.client.login('active');
      expect(t.urlFor('user-me')).to.equal('/api/users/me/');
      for (const url of ['/api/users/me/', '/api/users/me']) {
        const res = await t.client.get(url);
        expect(res.status, url).to.equal(200);
        expect(Object.keys(res.body)).to.deep.equal(USER_KEYS);
        expect(res.body).to.include({ username: 'active', email: 'a.doe@example.com', role: 'active' });
      }
    });

    it('is 401 "Not authenticated" with WWW-Authenticate: Bearer for an anonymous caller, and for a refused token', async () => {
      const anonymous = await t.client.get(t.urlFor('user-me'));
      expect(anonymous.status).to.equal(401);
      expect(anonymous.body).to.deep.equal({ detail: 'Not authenticated' });
      expect(anonymous.headers['www-authenticate']).to.equal('Bearer');
      const forged = await t.client.get(t.urlFor('user-me')).set('Authorization', 'Bearer not.a.token');
      expect(forged.status).to.equal(401);
      expect(forged.body).to.deep.equal({ detail: 'Invalid authentication token.' });
    });
  });

  describe('PATCH', () => {
    it('changes the sent profile fields and keeps the others', async () => {
      await t.client.login('test');
      const res = await patchMe({ address: '1 Main Street', age: 41, first_name: 'Py' });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ username: 'test', first_name: 'Py', last_name: 'FastAPI', email: 'pytest@example.com', address: '1 Main Street', age: 41, role: 'staff' });
      const stored = await user('test');
      await stored.refresh();
      expect([stored.firstName, stored.address, stored.age]).to.deep.equal(['Py', '1 Main Street', 41]);
      expect((await patchMe({ email: null, address: null })).body).to.include({ email: null, address: null, age: 41 });
    });

    it('refuses role, status, username and password with a 422 naming them, and changes nothing', async () => {
      const me = await t.client.login<User>('active');
      const before = (await t.client.get(t.urlFor('user-me'))).body;
      for (const field of ['role', 'status', 'username', 'password', 'id', 'created_at']) {
        const value = field === 'id' ? 1 : field === 'role' ? 'admin' : field === 'status' ? 'active' : field === 'created_at' ? '2000-01-01T00:00:00Z' : 'x-value-1';
        const res = await patchMe({ address: 'sneaked in', [field]: value });
        expect(res.status, field).to.equal(422);
        const [issue] = res.body.detail;
        expect(res.body.detail).to.have.length(1);
        expect(issue.loc).to.deep.equal(['body']);
        expect(issue.msg).to.contain(`Cannot change '${field}' on your own account.`).and.contain('You may change: first_name, last_name, email, address, age.');
      }
      const password = await patchMe({ password: 'x-value-1' });
      expect(password.body.detail[0].msg).to.contain('POST /api/users/me/password/');
      expect((await t.client.get(t.urlFor('user-me'))).body).to.deep.equal(before);
      const stored = await user('active');
      await stored.refresh();
      expect(stored.role).to.equal('active');
      expect(await stored.checkPassword('active123')).to.equal(true);
      expect(stored.id).to.equal(me.id);
    });

    it('names unknown fields as unknown (never silently drops them), beside the privileged ones', async () => {
      await t.client.login('active');
      const res = await patchMe({ nickname: 'ad', is_superuser: true, role: 'admin' });
      expect(res.status).to.equal(422);
      expect(res.body.detail[0].msg).to.equal(
        "Cannot change 'role' on your own account. Unknown fields 'nickname', 'is_superuser'. You may change: first_name, last_name, email, address, age.",
      );
    });

    it('validates the values as the model does (422 per field) and answers 409 for an email another user has', async () => {
      await t.client.login('active');
      const bad = await patchMe({ age: -1, email: 'not-an-email', first_name: '' });
      expect(bad.status).to.equal(422);
      expect(bad.body.detail.map((i: { loc: string[] }) => i.loc.join('.'))).to.have.members(['body.age', 'body.email', 'body.first_name']);
      const taken = await patchMe({ email: 'pytest@example.com' });
      expect(taken.status).to.equal(409);
      expect((await user('active')).email).to.equal('a.doe@example.com');
    });

    it('status is informational: a new user is inactive, logs in, and cannot set it', async () => {
      const created = await t.client.post(t.urlFor('user-create')).send({ username: 'newbie', first_name: 'New', last_name: 'Bie', password: 'newbie-pass' });
      expect(created.body.status).to.equal('inactive');
      const token = await t.client.post(t.urlFor('jwt-auth')).type('form').send({ username: 'newbie', password: 'newbie-pass' });
      expect(token.status).to.equal(200);
      await t.client.login('newbie');
      expect((await t.client.get(t.urlFor('user-me'))).body.status).to.equal('inactive');
      expect((await patchMe({ status: 'active' })).status).to.equal(422);
    });

    it('is 401 for an anonymous caller', async () => {
      const res = await patchMe({ address: 'x' });
      expect(res.status).to.equal(401);
      expect(res.headers['www-authenticate']).to.equal('Bearer');
    });
  });
});
