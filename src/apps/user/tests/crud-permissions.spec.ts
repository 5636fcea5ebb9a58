/**
 * Every table gets `create|read|update|delete:<table>` permissions and same-named groups, each group holding its
 * permission. The migrations generated them at the start of the run.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { generateCrudPermissions, Group, Permission } from '../models/index.js';

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
});
