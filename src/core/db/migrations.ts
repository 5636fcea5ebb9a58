import type { MikroORM } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import { getOrm } from './context.js';
import { emitTableCreated, emitTableDropped } from './signals.js';

/** What `migrate()` did. */
export interface MigrateResult {
  /** Names of the migrations applied (or reverted). */
  migrations: string[];
  /** Tables that exist now and did not before (the `tableCreated` signal fired for each). */
  createdTables: string[];
  /** Tables that existed before and do not now (the `tableDropped` signal fired for each). */
  droppedTables: string[];
}

async function tableNames(em: EntityManager): Promise<Set<string>> {
  const rows = await em.execute<Array<{ table_name: string }>>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
  );
  return new Set(rows.map((row) => row.table_name));
}

/**
 * Applies the pending migrations (the server and the CLI call this one function), then fires `tableDropped`
 * for every table gone and `tableCreated` for every new one, in a transaction, so handlers (the permission
 * generator) write atomically.
 * @example await migrate();            // up to the latest
 * @example await migrate({ to: '0' }); // revert everything (down)
 */
export async function migrate(options: { to?: string; down?: boolean } = {}, orm: MikroORM = getOrm()): Promise<MigrateResult> {
  const migrator = orm.getMigrator() as Migrator;
  const em = orm.em.fork() as EntityManager;
  const before = await tableNames(em);
  const applied = options.down || options.to === '0'
    ? await migrator.down(options.to === undefined ? undefined : { to: options.to === '0' ? 0 : options.to })
    : await migrator.up(options.to ? { to: options.to } : undefined);
  const after = await tableNames(em);
  const createdTables = [...after].filter((t) => !before.has(t) && t !== 'mikro_orm_migrations').sort();
  const droppedTables = [...before].filter((t) => !after.has(t) && t !== 'mikro_orm_migrations').sort();
  if (createdTables.length > 0 || droppedTables.length > 0) {
    await em.transactional(async (tem) => {
      await emitTableDropped(droppedTables, { em: tem as EntityManager, tables: after });
      await emitTableCreated(createdTables, { em: tem as EntityManager });
    });
  }
  return { migrations: applied.map((m) => m.name), createdTables, droppedTables };
}

/** Migration names with their state, oldest first. */
export async function migrationStatus(orm: MikroORM = getOrm()): Promise<Array<{ name: string; applied: boolean }>> {
  const migrator = orm.getMigrator() as Migrator;
  const executed = await migrator.getExecutedMigrations();
  const pending = await migrator.getPendingMigrations();
  return [...executed.map((m) => ({ name: m.name, applied: true })), ...pending.map((m) => ({ name: m.name, applied: false }))];
}
