/**
 * Permissions as data, for admins: /api/authorizations/permissions/. Every table already has
 * its `create|read|update|delete:<table>` permissions (the migrations generated them), so they are counted here.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { Permission, User } from '../../user/models/index.js';
import { scanEveryResponse } from '../../authentication/tests/no-secrets.js';

const names = (body: Array<{ name: string }>) => body.map((p) => p.name);

describe('permissions API', () => {
  const t = useTestCase({ fixtures: ['users', 'permissions'] });
  scanEveryResponse();
  beforeEach(() => t.client.login('fastapi'));

  const testPermission = async () => (await Permission.get({ name: 'test_permission' }))!;

  describe('GET /api/authorizations/permissions/', () => {
    it('lists permissions in id order, at most 100 by default', async () => {
      const res = await t.client.get(t.urlFor('permission-list'));
      expect(res.status).to.equal(200);
      const expected = await Permission.all({ limit: 100 });
      expect(res.body.map((p: { id: number }) => p.id)).to.deep.equal(expected.map((p) => p.id));
      expect(res.body).to.have.length(Math.min(100, await Permission.count()));
    });

    it('answers each permission with its id, timestamps and four fields', async () => {
      const res = await t.client.get(t.urlFor('permission-list', {}, { name: 'read:hero' }));
      expect(res.body).to.have.length(1);
      expect(Object.keys(res.body[0])).to.deep.equal(['id', 'created_at', 'updated_at', 'name', 'target_table', 'display_name', 'description']);
      expect(res.body[0]).to.include({
        name: 'read:hero', target_table: 'hero', display_name: 'Read hero', description: 'This permission allows user to read the Hero model.',
      });
    });

    it('filters by exact name (not a prefix) and exact target_table', async () => {
      expect(names((await t.client.get(t.urlFor('permission-list', {}, { name: 'update:hero' }))).body)).to.deep.equal(['update:hero']);
      expect((await t.client.get(t.urlFor('permission-list', {}, { name: 'update' }))).body).to.deep.equal([]);
      expect(names((await t.client.get(t.urlFor('permission-list', {}, { target_table: 'hero' }))).body))
        .to.deep.equal(['create:hero', 'read:hero', 'update:hero', 'delete:hero']);
      expect((await t.client.get(t.urlFor('permission-list', {}, { target_table: 'her' }))).body).to.deep.equal([]);
      expect(names((await t.client.get(t.urlFor('permission-list', {}, { name: 'delete:hero', target_table: 'hero' }))).body)).to.deep.equal(['delete:hero']);
      expect(names((await t.client.get(t.urlFor('permission-list', {}, { target_table: 'permission' }))).body))
        .to.deep.equal(['create:permission', 'read:permission', 'update:permission', 'delete:permission', 'test_permission']);
    });

    it('pages with offset and limit (limit at most 100)', async () => {
      const res = await t.client.get(t.urlFor('permission-list', {}, { target_table: 'hero', offset: 1, limit: 2 }));
      expect(names(res.body)).to.deep.equal(['read:hero', 'update:hero']);
      expect((await t.client.get(t.urlFor('permission-list', {}, { limit: 101 }))).status).to.equal(422);
      expect((await t.client.get(t.urlFor('permission-list', {}, { offset: -1 }))).status).to.equal(422);
    });
  });

  describe('POST /api/authorizations/permissions/', () => {
    it('creates a permission (201); display_name and description are optional', async () => {
      const res = await t.client.post(t.urlFor('permission-create')).send({ name: 'can_view_stats', target_table: 'post' });
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ name: 'can_view_stats', target_table: 'post', display_name: null, description: null, updated_at: null });
      expect(res.body.id).to.equal((await Permission.get({ name: 'can_view_stats' }))!.id);
    });

    it('answers 409 for a name already used, not a 500', async () => {
      const res = await t.client.post(t.urlFor('permission-create')).send({ name: 'update:hero', target_table: 'hero' });
      expect(res.status).to.equal(409);
      expect(res.body.detail).to.be.a('string');
      expect(await Permission.count({ name: 'update:hero' })).to.equal(1);
    });

    it('answers 422 without a name or a target_table', async () => {
      const res = await t.client.post(t.urlFor('permission-create')).send({ display_name: 'Nameless' });
      expect(res.status).to.equal(422);
      expect(res.body.detail.map((d: { loc: string[] }) => d.loc.join('.'))).to.have.members(['body.name', 'body.target_table']);
    });
  });

  describe('PATCH /api/authorizations/permissions/{pk}/', () => {
    it('changes only the fields sent', async () => {
      const permission = await testPermission();
      const res = await t.client.patch(t.urlFor('permission-patch', { pk: permission.id })).send({ description: 'For the tests.' });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: permission.id, name: 'test_permission', display_name: 'Test permission', target_table: 'permission', description: 'For the tests.' });
      expect(res.body.updated_at).to.be.a('string');
    });

    it('answers 400 when all four fields are sent: that is a PUT', async () => {
      const permission = await testPermission();
      const res = await t.client.patch(t.urlFor('permission-patch', { pk: permission.id }))
        .send({ name: 'a', target_table: 'b', display_name: 'c', description: 'd' });
      expect(res.status).to.equal(400);
      expect(res.body).to.deep.equal({ detail: 'Cannot use PATCH to update entire registry, use PUT instead.' });
    });

    it('renaming a permission keeps it with its holders (the links follow the name)', async () => {
      const permission = await testPermission();
      const holder = (await User.get({ username: 'test' }))!;
      await t.addPermissions(holder, ['test_permission']);
      await t.client.patch(t.urlFor('permission-patch', { pk: permission.id })).send({ name: 'renamed_permission' });
      expect((await holder.permissions()).map((p) => p.name)).to.deep.equal(['renamed_permission']);
    });
  });

  describe('PUT /api/authorizations/permissions/{pk}/', () => {
    it('needs name and target_table, and applies the fields sent (the others are kept)', async () => {
      const permission = await testPermission();
      const res = await t.client.put(t.urlFor('permission-update', { pk: permission.id })).send({ name: 'test_permission', target_table: 'hero', description: 'Moved.' });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ name: 'test_permission', target_table: 'hero', display_name: 'Test permission', description: 'Moved.' });

      const partial = await t.client.put(t.urlFor('permission-update', { pk: permission.id })).send({ description: 'only' });
      expect(partial.status).to.equal(422);
    });
  });

  describe('DELETE /api/authorizations/permissions/{pk}/', () => {
    it('deletes (204, empty body); holders lose the permission', async () => {
      const permission = await testPermission();
      const holder = (await User.get({ username: 'test' }))!;
      await t.addPermissions(holder, ['test_permission']);
      const res = await t.client.delete(t.urlFor('permission-delete', { pk: permission.id }));
      expect(res.status).to.equal(204);
      expect(res.text).to.equal('');
      expect(await Permission.exists({ name: 'test_permission' })).to.equal(false);
      expect(await holder.permissions()).to.deep.equal([]);
    });
  });
});
