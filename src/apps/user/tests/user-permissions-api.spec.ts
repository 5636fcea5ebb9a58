/**
 * A user's permissions and groups: anyone logged in sees their own; admins see anyone's and
 * grant or take permissions. (The 401/403/404 of the admin routes are in authorization/tests/admin-access.)
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { scanEveryResponse } from '../../authentication/tests/no-secrets.js';
import { Group, Permission, User } from '../models/index.js';

const names = (body: Array<{ name: string }>) => body.map((p) => p.name);

describe('user permissions and groups API', () => {
  const t = useTestCase({ fixtures: ['users'] });
  scanEveryResponse();

  const user = async (username: string) => (await User.get({ username }))!;
  const group = async (name: string) => (await Group.get({ name }))!;

  describe('the caller\'s own: GET /api/users/permissions/ and /api/users/groups/', () => {
    it('need a token', async () => {
      for (const name of ['user-own-permissions', 'user-own-groups']) {
        const res = await t.client.get(t.urlFor(name));
        expect(res.status).to.equal(401);
        expect(res.body).to.deep.equal({ detail: 'Not authenticated' });
      }
    });

    it('list the permissions held directly, in id order (not those of the groups)', async () => {
      const me = await user('test');
      await t.addPermissions(me, ['update:users', 'read:users']);
      await me.addToGroups([await group('delete:users')]);
      await t.client.login('test');
      const res = await t.client.get(t.urlFor('user-own-permissions'));
      expect(res.status).to.equal(200);
      expect(names(res.body)).to.deep.equal(['read:users', 'update:users']);
      expect(Object.keys(res.body[0])).to.deep.equal(['id', 'created_at', 'updated_at', 'name', 'target_table', 'display_name', 'description']);
    });

    it('list the groups, in id order', async () => {
      const me = await user('active');
      await me.addToGroups([await group('update:hero'), await group('read:hero')]);
      await t.client.login('active');
      const res = await t.client.get(t.urlFor('user-own-groups'));
      expect(res.status).to.equal(200);
      expect(names(res.body)).to.deep.equal(['read:hero', 'update:hero']);
    });

    it('are empty lists for a user with none; an admin holds none directly either', async () => {
      for (const username of ['active', 'fastapi']) {
        await t.client.login(username);
        expect((await t.client.get(t.urlFor('user-own-permissions'))).body).to.deep.equal([]);
        expect((await t.client.get(t.urlFor('user-own-groups'))).body).to.deep.equal([]);
      }
    });
  });

  describe('anyone\'s, for admins', () => {
    beforeEach(() => t.client.login('fastapi'));

    it('GET /api/users/{pk}/permissions/ and /groups/ list that user\'s', async () => {
      const active = await user('active');
      await t.addPermissions(active, ['create:hero']);
      await active.addToGroups([await group('read:users')]);
      expect(names((await t.client.get(t.urlFor('user-get-permissions', { pk: active.id }))).body)).to.deep.equal(['create:hero']);
      expect(names((await t.client.get(t.urlFor('user-get-groups', { pk: active.id }))).body)).to.deep.equal(['read:users']);
    });

    it('PATCH …/permissions/add/ answers 422 listing the names that match no permission, and grants nothing', async () => {
      const active = await user('active');
      const res = await t.client.patch(t.urlFor('user-add-permissions', { pk: active.id })).send({ permissions: ['read:users', 'no-such', 'typo:users'] });
      expect(res.status).to.equal(422);
      expect(res.body).to.deep.equal({ detail: [{ type: 'unknown_permission', loc: ['body', 'permissions'], msg: 'Unknown permissions: no-such, typo:users.' }] });
      expect(await active.permissions()).to.deep.equal([]);
    });

    it('PATCH …/permissions/add/ grants the named permissions and answers with them, in id order', async () => {
      const active = await user('active');
      const res = await t.client.patch(t.urlFor('user-add-permissions', { pk: active.id })).send({ permissions: ['read:users', 'create:users'] });
      expect(res.status).to.equal(200);
      const expected = await Permission.filter({ name__in: ['create:users', 'read:users'] });
      expect(res.body).to.deep.equal(JSON.parse(JSON.stringify(expected)));
      expect(await active.hasPermissions(['create:users', 'read:users'])).to.equal(true);

      // Granting again changes nothing, and still answers with the permissions named.
      const again = await t.client.patch(t.urlFor('user-add-permissions', { pk: active.id })).send({ permissions: ['read:users'] });
      expect(names(again.body)).to.deep.equal(['read:users']);
      expect((await active.permissions()).map((p) => p.name)).to.deep.equal(['create:users', 'read:users']);
    });

    it('PATCH …/permissions/remove/ takes them away and answers with the permissions removed', async () => {
      const active = await user('active');
      await t.addPermissions(active, ['create:users', 'read:users', 'update:users']);
      const res = await t.client.patch(t.urlFor('user-remove-permissions', { pk: active.id })).send({ permissions: ['create:users', 'read:users'] });
      expect(res.status).to.equal(200);
      expect(names(res.body)).to.deep.equal(['create:users', 'read:users']);
      expect((await active.permissions()).map((p) => p.name)).to.deep.equal(['update:users']);
    });

    it('a granted permission works at once: the user may then use the route it guards', async () => {
      const active = await user('active');
      await t.client.patch(t.urlFor('user-add-permissions', { pk: active.id })).send({ permissions: ['update:users'] });
      await t.client.login('active');
      expect((await t.client.patch(t.urlFor('user-patch', { pk: active.id })).send({ age: 33 })).status).to.equal(200);
    });

    it('answers 422 for a body without a permissions list', async () => {
      const res = await t.client.patch(t.urlFor('user-add-permissions', { pk: (await user('active')).id })).send({ permissions: 'read:users' });
      expect(res.status).to.equal(422);
      expect(res.body.detail[0].loc).to.deep.equal(['body', 'permissions']);
    });
  });
});
