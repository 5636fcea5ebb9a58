import { Command, withDatabase } from '../../../core/cli/index.js';
import { currentEm, migrate, transaction } from '../../../core/db/index.js';
import { ensureCrudPermissions } from '../models/index.js';

/** The tables of the database (the current schema), but the migrations' own. */
async function tables(): Promise<string[]> {
  const rows = await currentEm().execute<Array<{ table_name: string }>>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
  );
  return rows.map((row) => row.table_name).filter((name) => name !== 'mikro_orm_migrations');
}

/**
 * `permissions`: creates the `create|read|update|delete:<table>` permissions and same-named groups that are
 * missing, for every table (migrations create them for new tables; this repairs or backfills). Idempotent.
 */
export const permissions = new Command('permissions')
  .summary('create the missing CRUD permissions and groups')
  .description('Create the missing CRUD permissions and groups (create|read|update|delete:<table>) of every table; prints what it created.')
  .action(async () => {
    const created = await withDatabase(async () => {
      await migrate();
      return transaction(async () => {
        const out: Array<{ table: string; permissions: string[]; groups: string[] }> = [];
        for (const table of await tables()) {
          const { permissions, groups } = await ensureCrudPermissions(table);
          if (permissions.length || groups.length) out.push({ table, permissions, groups });
        }
        return out;
      });
    });
    for (const { table, permissions, groups } of created) {
      const parts = [...(permissions.length ? [`permissions ${permissions.join(', ')}`] : []), ...(groups.length ? [`groups ${groups.join(', ')}`] : [])];
      console.log(`${table}: created ${parts.join('; ')}`);
    }
    const count = (key: 'permissions' | 'groups') => created.reduce((sum, t) => sum + t[key].length, 0);
    console.log(
      created.length
        ? `Created ${count('permissions')} permission(s) and ${count('groups')} group(s).`
        : 'Nothing to create: every table has its CRUD permissions and groups.',
    );
  })
  .addHelpText('after', '\nExample:\n  npm run manage -- permissions');
