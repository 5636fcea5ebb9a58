import { Command, withDatabase } from '../../../core/cli/index.js';
import { currentEm, migrate, transaction } from '../../../core/db/index.js';
import { ensureCrudPermissions, removeCrudPermissions, tablesWithCrudPermissions } from '../models/index.js';

/** The tables of the database (the current schema), but the migrations' own. */
async function tables(): Promise<string[]> {
  const rows = await currentEm().execute<Array<{ table_name: string }>>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
  );
  return rows.map((row) => row.table_name).filter((name) => name !== 'mikro_orm_migrations');
}

/** What `permissions` changed for one table. */
interface TableChange {
  table: string;
  permissions: string[];
  groups: string[];
}

/** `hero: created permissions a, b; groups a, b` */
function describe(verb: string, { table, permissions, groups }: TableChange): string {
  const parts = [...(permissions.length ? [`permissions ${permissions.join(', ')}`] : []), ...(groups.length ? [`groups ${groups.join(', ')}`] : [])];
  return `${table}: ${verb} ${parts.join('; ')}`;
}

const total = (changes: TableChange[], key: 'permissions' | 'groups') => changes.reduce((sum, t) => sum + t[key].length, 0);

/**
 * `permissions`: creates the `create|read|update|delete:<table>` permissions and same-named groups that are
 * missing, for every table (migrations create them for new tables; this repairs or backfills). Idempotent.
 * `--prune` also deletes the generated ones of tables that no longer exist (migrations do it when they drop one).
 */
export const permissions = new Command('permissions')
  .summary('create the missing CRUD permissions and groups (--prune: delete those of dropped tables)')
  .description(
    'Create the missing CRUD permissions and groups (create|read|update|delete:<table>) of every table; prints what it created. ' +
      'With --prune, also delete the generated ones of tables that no longer exist (hand-made permissions stay).',
  )
  .option('--prune', 'also delete the generated permissions and groups of tables that no longer exist')
  .action(async (options: { prune?: boolean }) => {
    const { created, pruned } = await withDatabase(async () => {
      await migrate();
      return transaction(async () => {
        const existing = await tables();
        const created: TableChange[] = [];
        for (const table of existing) {
          const { permissions, groups } = await ensureCrudPermissions(table);
          if (permissions.length || groups.length) created.push({ table, permissions, groups });
        }
        const pruned: TableChange[] = [];
        if (options.prune) {
          for (const table of (await tablesWithCrudPermissions()).filter((t) => !existing.includes(t))) {
            pruned.push({ table, ...(await removeCrudPermissions(table)) });
          }
        }
        return { created, pruned };
      });
    });
    for (const change of created) console.log(describe('created', change));
    for (const change of pruned) console.log(describe('deleted', change));
    console.log(
      created.length
        ? `Created ${total(created, 'permissions')} permission(s) and ${total(created, 'groups')} group(s).`
        : 'Nothing to create: every table has its CRUD permissions and groups.',
    );
    if (pruned.length) console.log(`Deleted ${total(pruned, 'permissions')} permission(s) and ${total(pruned, 'groups')} group(s) of tables that no longer exist.`);
    else if (options.prune) console.log('Nothing to delete: every generated permission belongs to a table.');
  })
  .addHelpText('after', '\nExamples:\n  npm run manage -- permissions\n  npm run manage -- permissions --prune');
