import type { MigrationObject, MikroORM } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import { resolveOptional, token } from '../di/index.js';
import { getOrm } from './context.js';
import { emitTableCreated, emitTableDropped } from './signals.js';

/**
 * The project's migrations, oldest first (`src/migrations/index.ts`): each one's name, and its class imported on
 * demand, so that a process whose database is up to date never loads a migration nor the migrator.
 */
export type MigrationList = ReadonlyArray<{ name: string; load: () => Promise<MigrationObject['class']> }>;

/** The token of the project's `MigrationList`; the entry points provide it (`src/project.ts`). */
export const Migrations = token<MigrationList>('Migrations');

/** The migrations as MikroORM's `migrationsList` wants them (their classes imported). */
export async function loadMigrations(list: MigrationList = resolveOptional(Migrations) ?? []): Promise<MigrationObject[]> {
  return Promise.all(list.map(async ({ name, load }) => ({ name, class: await load() })));
}

/**
 * The ORM's migrator, with the project's migrations. `@mikro-orm/migrations` (umzug and the migration classes)
 * is loaded here, on first use, not when the ORM starts: a server needs it only when something is pending.
 */
export async function getMigrator(orm: MikroORM = getOrm()): Promise<Migrator> {
  if (!orm.config.getExtension('@mikro-orm/migrator')) {
    const [{ Migrator }, migrationsList] = await Promise.all([import('@mikro-orm/migrations'), loadMigrations()]);
    const options = orm.config.get('migrations');
    if (!options.migrationsList) orm.config.set('migrations', { ...options, migrationsList });
    Migrator.register(orm);
  }
  return orm.getMigrator() as Migrator;
}

/**
 * True when every listed migration is recorded as applied (one cheap query; no migrator). False when the table
 * of applied migrations does not exist yet or cannot be read: the migrator then decides.
 */
async function upToDate(em: EntityManager, orm: MikroORM): Promise<boolean> {
  const list = resolveOptional(Migrations);
  if (!list) return false;
  const table = orm.config.get('migrations').tableName ?? 'mikro_orm_migrations';
  const [found] = await em.execute<Array<{ present: boolean }>>('select to_regclass(?) is not null as present', [table]);
  if (!found?.present) return false;
  const rows = await em.execute<Array<{ name: string }>>(`select name from ${em.getPlatform().quoteIdentifier(table)}`);
  const applied = new Set(rows.map((row) => row.name));
  return list.every(({ name }) => applied.has(name));
}

/** What `migrate()` did. */
export interface MigrateResult {
  /** Names of the migrations applied (or reverted). */
  migrations: string[];
  /** Tables that exist now and did not before (the `tableCreated` signal fired for each). */
  createdTables: string[];
  /** Tables that existed before and do not now (the `tableDropped` signal fired for each). */
  droppedTables: string[];
  /** The database had no tables before and migrations were applied: a new database (the first run offers demo data). */
  fresh: boolean;
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
  const em = orm.em.fork() as EntityManager;
  const latest = !options.down && !options.to;
  if (latest && (await upToDate(em, orm))) return { migrations: [], createdTables: [], droppedTables: [], fresh: false };
  const migrator = await getMigrator(orm);
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
  const fresh = before.size === 0 && applied.length > 0 && !(options.down || options.to === '0');
  return { migrations: applied.map((m) => m.name), createdTables, droppedTables, fresh };
}

/** Migration names with their state, oldest first. */
export async function migrationStatus(orm: MikroORM = getOrm()): Promise<Array<{ name: string; applied: boolean }>> {
  const migrator = await getMigrator(orm);
  const executed = await migrator.getExecutedMigrations();
  const pending = await migrator.getPendingMigrations();
  return [...executed.map((m) => ({ name: m.name, applied: true })), ...pending.map((m) => ({ name: m.name, applied: false }))];
}
