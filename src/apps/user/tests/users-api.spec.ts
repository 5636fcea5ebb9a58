/**
 * The users API: anyone may list, read and register (never seeing a password; `role` honoured for admins only;
 * a taken username or email is a 409; a missing user a 404, not the original's 200 null); changing or
 * deleting a user needs `update:users` / `delete:users` (directly or through the same-named group) and is
 * limited to one's own account, unless one is an admin.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { scanEveryResponse } from '../../authentication/tests/no-secrets.js';
import { Group, User } from '../models/index.js';
import { Hero } from '../../hero/models/index.js';

const USER_KEYS = ['id', 'created_at', 'updated_at', 'username', 'first_name', 'last_name', 'email', 'address', 'age', 'role', 'status'];
/** What an anonymous caller sees of a user: no email, address or age. */
const PUBLIC_KEYS = USER_KEYS.filter((key) => !['email', 'address', 'age'].includes(key));
const PERMISSION_DENIED = { detail: 'You do not have sufficient rights to this resource.' };
const NOT_OWNER = { detail: 'Insufficient rights to carry out this action' };
const NOT_FOUND = { detail: 'User not found.' };

describe('users API', () => {
  const t = useTestCase({ fixtures: ['users'] });
  scanEveryResponse();

  const user = async (username: string) => (await User.get({ username }))!;
  const login = (username: string, password: string) => t.client.post(t.urlFor('jwt-auth')).type('form').send({ username, password });
  /** Logs in as `username` holding `permissions` (staff and active users need them to change anything). */
  const loginWith = async (username: string, permissions: string[]) => {
    await t.addPermissions(await user(username), permissions);
    return t.client.login<User>(username);
  };
  /** A user deleted at once: its id exists nowhere. */
  const missingPk = async () => {
    const gone = await User.create({ username: 'gone', first_name: 'G', last_name: 'One', password: 'gone' }).save();
    await gone.delete();
    return gone.id;
  };

  describe('GET /api/users/ and /api/users/{pk}/ (public)', () => {
    it('lists users in id order, with offset and limit, never with a password nor a hash', async () => {
      const res = await t.client.get(t.urlFor('user-list'));
      expect(res.status).to.equal(200);
      expect(res.body.map((u: { username: string }) => u.username)).to.deep.equal(['fastapi', 'test', 'active']);
      expect(Object.keys(res.body[0])).to.deep.equal(PUBLIC_KEYS);
      const page = await t.client.get(t.urlFor('user-list', {}, { offset: 1, limit: 1 }));
      expect(page.body.map((u: { username: string }) => u.username)).to.deep.equal(['test']);
      expect((await t.client.get(t.urlFor('user-list', {}, { limit: 101 }))).status).to.equal(422);
    });

    it('gets one user as the model serializes it, without the private fields for an anonymous caller', async () => {
      const fastapi = await user('fastapi');
      const res = await t.client.get(t.urlFor('user-get', { pk: fastapi.id }));
      expect(res.status).to.equal(200);
      const { email: _email, address: _address, age: _age, ...rest } = JSON.parse(JSON.stringify(fastapi)) as Record<string, unknown>;
      expect(res.body).to.deep.equal(rest);
      expect(res.body).to.include({ username: 'fastapi', first_name: 'FastAPI', last_name: 'Python', role: 'admin', status: 'inactive' });
    });

    it('answers 404 "User not found." for a missing user (the original answered 200 null) and 422 for a pk that is not a number', async () => {
      const res = await t.client.get(t.urlFor('user-get', { pk: await missingPk() }));
      expect(res.status).to.equal(404);
      expect(res.body).to.deep.equal(NOT_FOUND);
      expect((await t.client.get(t.urlFor('user-get', { pk: 'abc' }))).status).to.equal(422);
    });
  });

  describe('POST /api/users/ (public registration)', () => {
    const jdoe = { username: 'jdoe', first_name: 'John', last_name: 'DOE', password: 'jdoe-password' };

    it('registers a user (201) with a hashed password that logs in', async () => {
      const res = await t.client.post(t.urlFor('user-create')).send(jdoe);
      expect(res.status).to.equal(201);
      expect(Object.keys(res.body)).to.deep.equal(USER_KEYS);
      expect(res.body).to.include({ username: 'jdoe', first_name: 'John', last_name: 'DOE', email: null, address: null, age: null, role: 'active', status: 'inactive' });

      const created = await user('jdoe');
      expect(created.id).to.equal(res.body.id);
      expect(created.password).to.match(/^\$2b\$/);
      expect(await created.checkPassword('jdoe-password')).to.equal(true);
      expect((await login('jdoe', 'jdoe-password')).status).to.equal(200);
    });

    it('ignores role when anyone but an admin registers a user (nobody makes themselves admin)', async () => {
      const anonymous = await t.client.post(t.urlFor('user-create')).send({ ...jdoe, role: 'admin' });
      expect(anonymous.body.role).to.equal('active');
      await t.client.login('test');
      const staff = await t.client.post(t.urlFor('user-create')).send({ ...jdoe, username: 'jdoe2', role: 'admin' });
      expect(staff.body.role).to.equal('active');
    });

    it('honours role when an admin registers a user', async () => {
      await t.client.login('fastapi');
      const res = await t.client.post(t.urlFor('user-create')).send({ ...jdoe, role: 'staff' });
      expect(res.status).to.equal(201);
      expect(res.body.role).to.equal('staff');
    });

    it('answers 409 for a username or an email already used (not a 500)', async () => {
      const username = await t.client.post(t.urlFor('user-create')).send({ ...jdoe, username: 'test' });
      expect(username.status).to.equal(409);
      expect(username.body).to.have.all.keys('detail');
      expect(username.body.detail).to.be.a('string');
      const email = await t.client.post(t.urlFor('user-create')).send({ ...jdoe, email: 'pytest@example.com' });
      expect(email.status).to.equal(409);
      expect(await User.count()).to.equal(3);
    });

    it('answers 422 for missing required fields and for bad values', async () => {
      const missing = await t.client.post(t.urlFor('user-create')).send({ username: 'x' });
      expect(missing.status).to.equal(422);
      expect(missing.body.detail.map((d: { loc: string[] }) => d.loc.join('.'))).to.have.members(['body.first_name', 'body.last_name', 'body.password']);
      const bad = await t.client.post(t.urlFor('user-create')).send({ ...jdoe, email: 'not-an-email', age: -1, role: 'superuser' });
      expect(bad.status).to.equal(422);
      expect(bad.body.detail.map((d: { loc: string[] }) => d.loc.join('.'))).to.have.members(['body.email', 'body.age', 'body.role']);
    });
  });

  describe('PUT /api/users/{pk}/', () => {
    const replacement = { username: 'test', first_name: 'Py', last_name: 'Test', password: 'new-password' };

    it('needs a token (401) and update:users (403 before any lookup)', async () => {
      const me = await user('test');
      const anonymous = await t.client.put(t.urlFor('user-update', { pk: me.id })).send(replacement);
      expect(anonymous.status).to.equal(401);
      expect(anonymous.body).to.deep.equal({ detail: 'Not authenticated' });

      await t.client.login('test');
      for (const pk of [me.id, await missingPk()]) {
        const res = await t.client.put(t.urlFor('user-update', { pk })).send(replacement);
        expect(res.status).to.equal(403);
        expect(res.body).to.deep.equal(PERMISSION_DENIED);
      }
    });

    it('replaces one\'s own account: omitted optional fields are reset, the password is re-hashed', async () => {
      const me = await user('test');
      await me.assign({ address: 'Grenoble', age: 30 }).save();
      await loginWith('test', ['update:users']);
      const res = await t.client.put(t.urlFor('user-update', { pk: me.id })).send(replacement);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: me.id, username: 'test', first_name: 'Py', last_name: 'Test', email: null, address: null, age: null, role: 'staff' });
      expect(res.body.updated_at).to.be.a('string');

      expect((await login('test', 'test')).status).to.equal(400);
      expect((await login('test', 'new-password')).status).to.equal(200);
    });

    it('refuses another user\'s account to a non-admin: 403 without a trailing period', async () => {
      await loginWith('test', ['update:users']);
      const res = await t.client.put(t.urlFor('user-update', { pk: (await user('active')).id })).send(replacement);
      expect(res.status).to.equal(403);
      expect(res.body).to.deep.equal(NOT_OWNER);
    });

    it('silently keeps a non-admin\'s role (role guard)', async () => {
      await loginWith('active', ['update:users']);
      const res = await t.client.put(t.urlFor('user-update', { pk: (await user('active')).id }))
        .send({ username: 'active', first_name: 'A', last_name: 'D', password: 'p', role: 'admin' });
      expect(res.status).to.equal(200);
      expect(res.body.role).to.equal('active');
    });

    it('lets an admin replace anyone, role included (an omitted role becomes "active")', async () => {
      await t.client.login('fastapi');
      const test = await user('test');
      const promoted = await t.client.put(t.urlFor('user-update', { pk: test.id })).send({ ...replacement, role: 'admin' });
      expect(promoted.status).to.equal(200);
      expect(promoted.body.role).to.equal('admin');
      const reset = await t.client.put(t.urlFor('user-update', { pk: test.id })).send(replacement);
      expect(reset.body.role).to.equal('active');
    });

    it('answers 404 "User not found." to whoever may update users', async () => {
      await t.client.login('fastapi');
      const pk = await missingPk();
      const admin = await t.client.put(t.urlFor('user-update', { pk })).send(replacement);
      expect(admin.status).to.equal(404);
      expect(admin.body).to.deep.equal(NOT_FOUND);
      await loginWith('test', ['update:users']);
      expect((await t.client.put(t.urlFor('user-update', { pk })).send(replacement)).status).to.equal(404);
    });

    it('answers 422 when a required field is missing, and 409 for a username already used', async () => {
      await t.client.login('fastapi');
      const test = await user('test');
      expect((await t.client.put(t.urlFor('user-update', { pk: test.id })).send({ username: 'test' })).status).to.equal(422);
      expect((await t.client.put(t.urlFor('user-update', { pk: test.id })).send({ ...replacement, username: 'active' })).status).to.equal(409);
    });
  });

  describe('PATCH /api/users/{pk}/', () => {
    it('needs a token (401) and update:users (403)', async () => {
      const me = await user('test');
      expect((await t.client.patch(t.urlFor('user-patch', { pk: me.id })).send({ age: 20 })).status).to.equal(401);
      await t.client.login('test');
      const res = await t.client.patch(t.urlFor('user-patch', { pk: me.id })).send({ age: 20 });
      expect(res.status).to.equal(403);
      expect(res.body).to.deep.equal(PERMISSION_DENIED);
    });

    it('changes only the fields sent', async () => {
      const me = await loginWith('test', ['update:users']);
      const res = await t.client.patch(t.urlFor('user-patch', { pk: me.id })).send({ username: 'doej', email: 'john.doe@example.com' });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ username: 'doej', email: 'john.doe@example.com', first_name: 'Pytest', last_name: 'FastAPI', role: 'staff' });
      expect((await login('doej', 'test')).status).to.equal(200);
    });

    it('re-hashes a new password', async () => {
      const me = await loginWith('test', ['update:users']);
      expect((await t.client.patch(t.urlFor('user-patch', { pk: me.id })).send({ password: 'patched-password' })).status).to.equal(200);
      expect(await (await me.refresh()).checkPassword('patched-password')).to.equal(true);
      expect((await login('test', 'patched-password')).status).to.equal(200);
    });

    it('answers 400 when all eight fields are sent: that is a PUT', async () => {
      const me = await loginWith('test', ['update:users']);
      const res = await t.client.patch(t.urlFor('user-patch', { pk: me.id })).send({
        username: 'doej', first_name: 'Jane', last_name: 'DOE', password: 'doej', age: 56,
        email: 'john.doe@example.com', address: '115 Place de Belledonne, Chamrousse', role: 'staff',
      });
      expect(res.status).to.equal(400);
      expect(res.body).to.deep.equal({ detail: 'Cannot use PATCH to update entire object, use PUT instead.' });
    });

    it('refuses another user\'s account to a non-admin: 403 with a trailing period', async () => {
      await loginWith('test', ['update:users']);
      const res = await t.client.patch(t.urlFor('user-patch', { pk: (await user('active')).id })).send({ age: 20 });
      expect(res.status).to.equal(403);
      expect(res.body).to.deep.equal({ detail: 'Insufficient rights to carry out this action.' });
    });

    it('silently keeps a non-admin\'s role (role guard); an admin changes anyone\'s', async () => {
      const me = await loginWith('test', ['update:users']);
      const own = await t.client.patch(t.urlFor('user-patch', { pk: me.id })).send({ role: 'admin', age: 41 });
      expect(own.status).to.equal(200);
      expect(own.body).to.include({ role: 'staff', age: 41 });

      await t.client.login('fastapi');
      const demoted = await t.client.patch(t.urlFor('user-patch', { pk: me.id })).send({ role: 'active' });
      expect(demoted.body.role).to.equal('active');
    });

    it('answers 404 "User not found." for a missing user, and 409 for an email already used', async () => {
      await t.client.login('fastapi');
      const res = await t.client.patch(t.urlFor('user-patch', { pk: await missingPk() })).send({ age: 1 });
      expect(res.status).to.equal(404);
      expect(res.body).to.deep.equal(NOT_FOUND);
      const taken = await t.client.patch(t.urlFor('user-patch', { pk: (await user('test')).id })).send({ email: 'a.doe@example.com' });
      expect(taken.status).to.equal(409);
    });

    it('the update:users group grants it too', async () => {
      const me = await user('active');
      await (await Group.get({ name: 'update:users' }))!.addUser(me);
      await t.client.login('active');
      expect((await t.client.patch(t.urlFor('user-patch', { pk: me.id })).send({ address: 'Lyon' })).status).to.equal(200);
    });
  });

  describe('DELETE /api/users/{pk}/', () => {
    it('needs a token (401) and delete:users (403)', async () => {
      const me = await user('test');
      expect((await t.client.delete(t.urlFor('user-delete', { pk: me.id }))).status).to.equal(401);
      await loginWith('test', ['update:users']);
      const res = await t.client.delete(t.urlFor('user-delete', { pk: me.id }));
      expect(res.status).to.equal(403);
      expect(res.body).to.deep.equal(PERMISSION_DENIED);
    });

    it('deletes one\'s own account (204, empty body)', async () => {
      const me = await loginWith('test', ['delete:users']);
      const res = await t.client.delete(t.urlFor('user-delete', { pk: me.id }));
      expect(res.status).to.equal(204);
      expect(res.text).to.equal('');
      expect(await User.exists({ username: 'test' })).to.equal(false);
    });

    it('refuses another user\'s account to a non-admin: 403 without a trailing period', async () => {
      await loginWith('test', ['delete:users']);
      const res = await t.client.delete(t.urlFor('user-delete', { pk: (await user('active')).id }));
      expect(res.status).to.equal(403);
      expect(res.body).to.deep.equal(NOT_OWNER);
      expect(await User.exists({ username: 'active' })).to.equal(true);
    });

    it('lets an admin delete anyone: the links go with the user, heroes lose their owner', async () => {
      await t.loadFixtures('heroes');
      const test = await user('test');
      await t.addPermissions(test, ['read:hero']);
      await test.addToGroups([(await Group.get({ name: 'read:hero' }))!]);
      const superman = (await Hero.get({ name: 'Superman' }))!;
      expect(superman.user?.id).to.equal(test.id);

      await t.client.login('fastapi');
      expect((await t.client.delete(t.urlFor('user-delete', { pk: test.id }))).status).to.equal(204);
      expect((await t.client.get(t.urlFor('hero-get', { pk: superman.id }))).body.user_id).to.equal(null);
      const links = await t.em.execute<Array<{ n: string }>>(
        'select (select count(*) from permissionuserlink where user_id = ?) + (select count(*) from groupuserlink where user_id = ?) as n', [test.id, test.id]);
      expect(Number(links[0]!.n)).to.equal(0);
    });

    it('answers 404 "User not found." for a missing user', async () => {
      await t.client.login('fastapi');
      const res = await t.client.delete(t.urlFor('user-delete', { pk: await missingPk() }));
      expect(res.status).to.equal(404);
      expect(res.body).to.deep.equal(NOT_FOUND);
    });
  });
});
