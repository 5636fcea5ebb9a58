/**
 * Users and groups hold permissions: permissions are data, linked by name, and the
 * checks answer from what the database says.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { Group, Permission, User } from '../models/index.js';

describe('users and groups as permission holders', () => {
  const t = useTestCase({ fixtures: ['users'] });

  const user = async (username: string) => (await User.get({ username }))!;
  const permission = async (name: string) => (await Permission.get({ name }))!;
  const group = async (name: string) => (await Group.get({ name }))!;
  const nameOf = (rows: Array<{ name: string }>) => rows.map((r) => r.name);

  describe('a user', () => {
    it('gets, lists (in id order) and loses permissions', async () => {
      const test = await user('test');
      await test.addPermission(await permission('update:hero'));
      await test.extendPermissions([await permission('create:hero'), await permission('update:hero')]);
      expect(nameOf(await test.permissions())).to.deep.equal(['create:hero', 'update:hero']);
      await test.removePermissions([await permission('update:hero')]);
      expect(nameOf(await test.permissions())).to.deep.equal(['create:hero']);
    });

    it('hasPermissions: all of them by default, one with anyMatch, never for an empty list', async () => {
      const test = await user('test');
      await t.addPermissions(test, ['create:hero']);
      expect(await test.hasPermissions(['create:hero'])).to.equal(true);
      expect(await test.hasPermissions(['create:hero', 'delete:hero'])).to.equal(false);
      expect(await test.hasPermissions(['create:hero', 'delete:hero'], true)).to.equal(true);
      expect(await test.hasPermissions([])).to.equal(false);
    });

    it('hasPermissions is always true for an admin', async () => {
      const admin = await user('fastapi');
      expect(await admin.hasPermissions(['delete:users', 'no-such-permission'])).to.equal(true);
      expect(await admin.hasPermissions([])).to.equal(true);
    });

    it('hasPermissions follows changes made through the user', async () => {
      const test = await user('test');
      expect(await test.hasPermissions(['read:hero'])).to.equal(false);
      await test.addPermission(await permission('read:hero'));
      expect(await test.hasPermissions(['read:hero'])).to.equal(true);
      await test.removePermissions([await permission('read:hero')]);
      expect(await test.hasPermissions(['read:hero'])).to.equal(false);
    });

    it('joins and leaves groups; belongsToGroups needs all of them, or one with anyMatch', async () => {
      const test = await user('test');
      await test.addToGroups([await group('update:hero'), await group('read:hero')]);
      expect(nameOf(await test.groups())).to.deep.equal(['read:hero', 'update:hero']);
      expect(await test.belongsToGroups(['read:hero', 'update:hero'])).to.equal(true);
      expect(await test.belongsToGroups(['read:hero', 'delete:hero'])).to.equal(false);
      expect(await test.belongsToGroups(['read:hero', 'delete:hero'], true)).to.equal(true);
      expect(await test.belongsToGroups([])).to.equal(false);
      await test.removeFromGroups([await group('read:hero')]);
      expect(nameOf(await test.groups())).to.deep.equal(['update:hero']);
    });

    it('group permissions do not count in hasPermissions (permissionRequired counts them where a route names the group)', async () => {
      const test = await user('test');
      await test.addToGroups([await group('update:hero')]);
      expect(await test.hasPermissions(['update:hero'])).to.equal(false);
    });
  });

  describe('a group', () => {
    it('adds, lists (in id order) and removes members', async () => {
      const editors = await Group.create({ name: 'editors', target_table: 'hero' }).save();
      await editors.addUser(await user('active'));
      await editors.extendUsers([await user('test'), await user('active')]);
      expect((await editors.users()).map((u) => u.username)).to.deep.equal(['test', 'active']);
      await editors.removeUsers([await user('active')]);
      expect((await editors.users()).map((u) => u.username)).to.deep.equal(['test']);
    });

    it('membership changes made through the group are seen by the user', async () => {
      const test = await user('test');
      const readers = await group('read:hero');
      expect(await test.belongsToGroups(['read:hero'])).to.equal(false);
      await readers.addUser(test);
      expect(await test.belongsToGroups(['read:hero'])).to.equal(true);
      await readers.removeUsers([test]);
      expect(await test.belongsToGroups(['read:hero'])).to.equal(false);
    });

    it('holds permissions: hasPermissions needs all of them, or one with anyMatch, never an empty list', async () => {
      const editors = await Group.create({ name: 'editors', target_table: 'hero' }).save();
      await editors.extendPermissions([await permission('update:hero'), await permission('create:hero')]);
      expect(nameOf(await editors.permissions())).to.deep.equal(['create:hero', 'update:hero']);
      expect(await editors.hasPermissions(['create:hero', 'update:hero'])).to.equal(true);
      expect(await editors.hasPermissions(['create:hero', 'delete:hero'])).to.equal(false);
      expect(await editors.hasPermissions(['create:hero', 'delete:hero'], true)).to.equal(true);
      expect(await editors.hasPermissions([])).to.equal(false);
      await editors.removePermissions([await permission('create:hero')]);
      expect(nameOf(await editors.permissions())).to.deep.equal(['update:hero']);
    });
  });

  describe('links by name', () => {
    it('deleting a user, a group or a permission deletes its links, nothing else', async () => {
      const test = await user('test');
      const editors = await Group.create({ name: 'editors', target_table: 'hero' }).save();
      const stats = await Permission.create({ name: 'can_view_stats', target_table: 'post' }).save();
      await test.addPermission(stats);
      await editors.addPermission(stats);
      await editors.addUser(test);

      await stats.delete();
      expect(await test.permissions()).to.deep.equal([]);
      expect(await editors.permissions()).to.deep.equal([]);
      await editors.delete();
      expect(await test.groups()).to.deep.equal([]);
      expect(await User.exists({ id: test.id })).to.equal(true);
    });

    it('renaming a permission or a group carries its links along', async () => {
      const test = await user('test');
      const stats = await Permission.create({ name: 'can_view_stats', target_table: 'post' }).save();
      const editors = await Group.create({ name: 'editors', target_table: 'hero' }).save();
      await test.addPermission(stats);
      await test.addToGroups([editors]);
      await stats.assign({ name: 'can_view_statistics' }).save();
      await editors.assign({ name: 'hero-editors' }).save();
      expect(nameOf(await test.permissions())).to.deep.equal(['can_view_statistics']);
      expect(nameOf(await test.groups())).to.deep.equal(['hero-editors']);
    });
  });
});
