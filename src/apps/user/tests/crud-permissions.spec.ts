/**
 * Every table gets `create|read|update|delete:<table>` permissions and same-named groups, each group holding its
 * permission. The migrations generated them at the start of the run.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { generateCrudPermissions, Group, Permission, removeCrudPermissions, tablesWithCrudPermissions, User } from '../models/index.js';

describe('CRUD permissions and groups of every table', () => {
  const t = useTestCase();

  it('exist for every table the migrations created, each group holding its same-named permission', async () => {
    // (The kit_* tables belong to the model-layer tests: created without a migration, they have none.)
    const tables = await t.em.execute<Array<{ table_name: string }>>(
      "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'mikro_orm_migrations' and table_name not like 'kit\\_%'",
    );
    expect(tables.map((row) => row.table_name)).to.include.members(['users', 'hero', 'permission', 'permission_group', 'jwttoken']);
    for (const { table_name: table } of tables) {
      const expected = ['create', 'read', 'update', 'delete'].map((method) => `${method}:${table}`);
      expect((await Permission.filter({ target_table: table })).map((p) => p.name), table).to.deep.equal(expected);
      const groups = await Group.filter({ target_table: table });
      expect(groups.map((g) => g.name), table).to.deep.equal(expected);
      for (const group of groups) expect((await group.permissions()).map((p) => p.name)).to.deep.equal([group.name]);
    }
  });

  it('are described as the original describes them', async () => {
    expect(await Permission.get({ name: 'update:hero' })).to.include({
      targetTable: 'hero', displayName: 'Update hero', description: 'This permission allows user to update the Hero model.',
    });
    expect(await Group.get({ name: 'delete:permission_group' })).to.include({
      targetTable: 'permission_group', displayName: 'Delete permission_group',
      description: 'This permission_group allows user to delete the Permission_Group model.',
    });
  });

  it('generateCrudPermissions creates the 4 permissions and 4 groups of a new table, once', async () => {
    expect(await generateCrudPermissions('invoice')).to.equal(8);
    expect(await generateCrudPermissions('invoice')).to.equal(0);
    expect((await Permission.filter({ target_table: 'invoice' })).map((p) => p.name)).to.deep.equal(['create:invoice', 'read:invoice', 'update:invoice', 'delete:invoice']);
    expect(await (await Group.get({ name: 'read:invoice' }))!.hasPermissions(['read:invoice'])).to.equal(true);
  });

  it('removeCrudPermissions deletes the generated permissions and groups of a table and their links; hand-made ones stay', async () => {
    await generateCrudPermissions('novel');
    // Made by hand (as a fixture would): another name on the same table, and a CRUD-like name on no such table.
    await Permission.create({ name: 'can_review_novels', target_table: 'novel', display_name: 'Review', description: 'Review novels.' }).save();
    await Group.create({ name: 'editors', target_table: 'novel', display_name: 'Editors', description: 'Edit novels.' }).save();
    const user = await User.create({ username: 'reader', email: 'reader@example.org', password: 'secret-pass', first_name: 'R', last_name: 'Eader' }).save();
    await user.addPermission((await Permission.get({ name: 'read:novel' }))!);
    await user.addPermission((await Permission.get({ name: 'can_review_novels' }))!);
    await user.addToGroups([(await Group.get({ name: 'update:novel' }))!, (await Group.get({ name: 'editors' }))!]);
    expect(await tablesWithCrudPermissions()).to.include('novel');

    expect(await removeCrudPermissions('novel')).to.deep.equal({
      permissions: ['create:novel', 'read:novel', 'update:novel', 'delete:novel'],
      groups: ['create:novel', 'read:novel', 'update:novel', 'delete:novel'],
    });
    expect((await Permission.filter({ target_table: 'novel' })).map((p) => p.name)).to.deep.equal(['can_review_novels']);
    expect((await Group.filter({ target_table: 'novel' })).map((g) => g.name)).to.deep.equal(['editors']);
    expect((await user.permissions()).map((p) => p.name)).to.deep.equal(['can_review_novels']);
    expect((await user.groups()).map((g) => g.name)).to.deep.equal(['editors']);
    expect(await tablesWithCrudPermissions()).to.not.include('novel');
    expect(await removeCrudPermissions('novel')).to.deep.equal({ permissions: [], groups: [] });
    // Other tables keep theirs.
    expect(await Permission.count({ target_table: 'hero' })).to.equal(4);
  });
});
