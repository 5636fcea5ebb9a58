/**
 * Groups of users holding permissions, for admins: /api/authorizations/groups/. Every table
 * already has its `create|read|update|delete:<table>` groups, each holding its same-named permission.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { Group, Permission, User } from '../../user/models/index.js';
import { scanEveryResponse } from '../../authentication/tests/no-secrets.js';

const names = (body: Array<{ name: string }>) => body.map((p) => p.name);
const usernames = (body: Array<{ username: string }>) => body.map((u) => u.username);

describe('groups API', () => {
  const t = useTestCase({ fixtures: ['users'] });
  scanEveryResponse();
  beforeEach(() => t.client.login('fastapi'));

  /** A new group with no members and no permissions. */
  const editors = () => Group.create({ name: 'editors', target_table: 'hero', display_name: 'Editors' }).save();
  const user = async (username: string) => (await User.get({ username }))!;

  describe('GET /api/authorizations/groups/', () => {
    it('lists groups in id order', async () => {
      const res = await t.client.get(t.urlFor('group-list'));
      expect(res.status).to.equal(200);
      expect(res.body.map((g: { id: number }) => g.id)).to.deep.equal((await Group.all({ limit: 100 })).map((g) => g.id));
      expect(Object.keys(res.body[0])).to.deep.equal(['id', 'created_at', 'updated_at', 'name', 'target_table', 'display_name', 'description']);
    });

    it('filters by name prefix and exact target_table', async () => {
      const updates = await t.client.get(t.urlFor('group-list', {}, { name: 'update:' }));
      const expected = (await Group.filter({ name__startswith: 'update:' }, { limit: null })).map((g) => g.name);
      expect(names(updates.body)).to.deep.equal(expected);
      expect(expected).to.include.members(['update:hero', 'update:users']);
      expect(names(updates.body).every((name) => name.startsWith('update:'))).to.equal(true);

      expect(names((await t.client.get(t.urlFor('group-list', {}, { name: 'update:her' }))).body)).to.deep.equal(['update:hero']);
      expect(names((await t.client.get(t.urlFor('group-list', {}, { target_table: 'hero' }))).body))
        .to.deep.equal(['create:hero', 'read:hero', 'update:hero', 'delete:hero']);
      expect((await t.client.get(t.urlFor('group-list', {}, { target_table: 'her' }))).body).to.deep.equal([]);
      expect(names((await t.client.get(t.urlFor('group-list', {}, { name: 'read', target_table: 'users' }))).body)).to.deep.equal(['read:users']);
    });

    it('describes the generated groups as the original does', async () => {
      const [group] = (await t.client.get(t.urlFor('group-list', {}, { name: 'read:permission_group' }))).body;
      expect(group).to.include({
        name: 'read:permission_group', target_table: 'permission_group', display_name: 'Read permission_group',
        description: 'This permission_group allows user to read the Permission_Group model.',
      });
    });

    it('pages with offset and limit', async () => {
      const res = await t.client.get(t.urlFor('group-list', {}, { target_table: 'hero', offset: 2, limit: 1 }));
      expect(names(res.body)).to.deep.equal(['update:hero']);
      expect((await t.client.get(t.urlFor('group-list', {}, { limit: 101 }))).status).to.equal(422);
    });
  });

  describe('POST, PATCH, PUT and DELETE /api/authorizations/groups/', () => {
    it('creates a group (201); a name already used is a 409, not a 500', async () => {
      const res = await t.client.post(t.urlFor('group-create')).send({ name: 'editors', target_table: 'hero' });
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ name: 'editors', target_table: 'hero', display_name: null, description: null, updated_at: null });
      expect(res.body.id).to.equal((await Group.get({ name: 'editors' }))!.id);

      const again = await t.client.post(t.urlFor('group-create')).send({ name: 'editors', target_table: 'hero' });
      expect(again.status).to.equal(409);
      expect(again.body.detail).to.be.a('string');
      expect((await t.client.post(t.urlFor('group-create')).send({ name: 'x' })).status).to.equal(422);
    });

    it('PATCH changes the fields sent; all four is a 400', async () => {
      const group = await editors();
      const res = await t.client.patch(t.urlFor('group-patch', { pk: group.id })).send({ description: 'They edit heroes.' });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ name: 'editors', display_name: 'Editors', description: 'They edit heroes.' });

      const all = await t.client.patch(t.urlFor('group-patch', { pk: group.id })).send({ name: 'a', target_table: 'b', display_name: 'c', description: 'd' });
      expect(all.status).to.equal(400);
      expect(all.body).to.deep.equal({ detail: 'Cannot use PATCH to update entire registry, use PUT instead.' });
    });

    it('PUT needs name and target_table and applies the fields sent', async () => {
      const group = await editors();
      const res = await t.client.put(t.urlFor('group-update', { pk: group.id })).send({ name: 'hero-editors', target_table: 'hero' });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: group.id, name: 'hero-editors', target_table: 'hero', display_name: 'Editors' });
      expect((await t.client.put(t.urlFor('group-update', { pk: group.id })).send({ name: 'x' })).status).to.equal(422);
    });

    it('DELETE answers 204 with no body; members simply leave the group', async () => {
      const group = await editors();
      const member = await user('test');
      await member.addToGroups([group]);
      const res = await t.client.delete(t.urlFor('group-delete', { pk: group.id }));
      expect(res.status).to.equal(204);
      expect(res.text).to.equal('');
      expect(await Group.exists({ id: group.id })).to.equal(false);
      expect(await member.groups()).to.deep.equal([]);
      expect(await User.exists({ id: member.id })).to.equal(true);
    });
  });

  describe('members: PATCH …/users/add/ and …/users/remove/', () => {
    it('adds users by username and answers with every member, in id order (unknown names are ignored)', async () => {
      const group = await editors();
      const res = await t.client.patch(t.urlFor('group-add-user', { pk: group.id })).send({ users: ['active', 'test', 'nobody'] });
      expect(res.status).to.equal(200);
      expect(usernames(res.body)).to.deep.equal(['test', 'active']);
      expect(Object.keys(res.body[0])).to.deep.equal(['id', 'created_at', 'updated_at', 'username', 'first_name', 'last_name', 'email', 'address', 'age', 'role', 'status']);

      const again = await t.client.patch(t.urlFor('group-add-user', { pk: group.id })).send({ users: ['test', 'fastapi'] });
      expect(usernames(again.body)).to.deep.equal(['fastapi', 'test', 'active']);
      expect((await group.users()).map((u) => u.username)).to.deep.equal(['fastapi', 'test', 'active']);
    });

    it('removes users and answers with the members left', async () => {
      const group = await editors();
      await group.extendUsers([await user('test'), await user('active')]);
      const res = await t.client.patch(t.urlFor('group-remove-user', { pk: group.id })).send({ users: ['test', 'fastapi'] });
      expect(res.status).to.equal(200);
      expect(usernames(res.body)).to.deep.equal(['active']);
      expect(await (await user('test')).groups()).to.deep.equal([]);
    });

    it('answers 422 for a body without a users list', async () => {
      const group = await editors();
      const res = await t.client.patch(t.urlFor('group-add-user', { pk: group.id })).send({ users: 'test' });
      expect(res.status).to.equal(422);
      expect(res.body.detail[0].loc).to.deep.equal(['body', 'users']);
    });
  });

  describe('permissions: PATCH …/permissions/add/ and …/permissions/remove/', () => {
    it('adds permissions by name and answers with all the group\'s permissions, in id order', async () => {
      const group = await editors();
      const unknown = await t.client.patch(t.urlFor('group-add-permissions', { pk: group.id })).send({ permissions: ['update:hero', 'no-such'] });
      expect(unknown.status).to.equal(422);
      expect(unknown.body.detail[0].msg).to.equal('Unknown permission: no-such.');
      const res = await t.client.patch(t.urlFor('group-add-permissions', { pk: group.id })).send({ permissions: ['update:hero', 'create:hero'] });
      expect(res.status).to.equal(200);
      expect(names(res.body)).to.deep.equal(['create:hero', 'update:hero']);
      const again = await t.client.patch(t.urlFor('group-add-permissions', { pk: group.id })).send({ permissions: ['read:hero'] });
      expect(names(again.body)).to.deep.equal(['create:hero', 'read:hero', 'update:hero']);
      expect(await group.hasPermissions(['create:hero', 'read:hero', 'update:hero'])).to.equal(true);
    });

    it('removes permissions and answers with those left', async () => {
      const group = await editors();
      await group.extendPermissions(await Permission.filter({ target_table: 'users' }));
      const res = await t.client.patch(t.urlFor('group-remove-permissions', { pk: group.id }))
        .send({ permissions: ['create:users', 'update:users', 'delete:users'] });
      expect(res.status).to.equal(200);
      expect(names(res.body)).to.deep.equal(['read:users']);
      expect((await group.permissions()).map((p) => p.name)).to.deep.equal(['read:users']);
    });

    it('answers 422 for a body without a permissions list', async () => {
      const group = await editors();
      expect((await t.client.patch(t.urlFor('group-add-permissions', { pk: group.id })).send({})).status).to.equal(422);
    });
  });
});
