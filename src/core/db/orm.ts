import { mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { FlushMode, MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { migrations } from '../../migrations/index.js';
import { getSettings, PGLITE_DATA_DIR, projectRoot, type Settings } from '../../settings/index.js';
import { bindOrm, getOrm, isDatabaseReady, resolveContext } from './context.js';
import { registeredModels } from './model.js';
import { KitPGliteDriver } from './pglite-driver.js';
import { lockPgliteFolder } from './pglite-lock.js';
import { QueryCountingLogger } from './query-log.js';
import { SignalSubscriber } from './signals.js';
import { BaseTable } from './base-table.js';

/** How `initDatabase` connects. */
export interface DatabaseOptions {
  /** `postgres://…`; default: settings.DATABASE_URL; when none, the embedded PGlite. */
  url?: string;
  /** PGlite data folder, or `memory`; default: settings.PGLITE_DIR, else `.data/pglite` (`memory` in tests). */
  pgliteDir?: string;
  /** Fail fast (2 s) instead of waiting 60 s for a connection: tests use it so a misuse errors clearly. */
  acquireTimeoutMs?: number;
  /** Log every SQL statement. */
  debug?: boolean;
}

let pglite: PGlite | undefined;
let releaseLock: (() => void) | undefined;

/** Where the embedded database lives for these settings: a folder, or undefined for memory. */
function pgliteFolder(settings: Settings, option?: string): string | undefined {
  const dir = option ?? settings.PGLITE_DIR ?? (settings.APP_ENVIRONMENT === 'test' ? 'memory' : PGLITE_DATA_DIR);
  if (dir === 'memory') return undefined;
  return isAbsolute(dir) ? dir : join(projectRoot, dir);
}

/** The MikroORM configuration of the kit for the given connection. */
export function ormConfig(options: DatabaseOptions = {}, settings: Settings = getSettings()): Options {
  const url = options.url ?? settings.DATABASE_URL;
  const common: Options = {
    entities: [BaseTable, ...registeredModels()],
    discovery: { requireEntitiesArray: true, disableDynamicFileAccess: true },
    // Nothing is written until save()/delete()/transaction(): no implicit flush before queries.
    flushMode: FlushMode.COMMIT,
    context: resolveContext,
    forceUtcTimezone: true,
    subscribers: [new SignalSubscriber()],
    loggerFactory: (loggerOptions) => new QueryCountingLogger(loggerOptions),
    debug: options.debug ?? settings.DB_DEBUG,
    extensions: [Migrator],
    migrations: {
      migrationsList: migrations,
      path: join(projectRoot, 'dist', 'src', 'migrations'),
      pathTs: join(projectRoot, 'src', 'migrations'),
      emit: 'ts',
      snapshotName: '.snapshot',
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
  };
  const timeout = options.acquireTimeoutMs ? { acquireConnectionTimeout: options.acquireTimeoutMs } : {};
  if (url) {
    // Bounded waits, so an outage answers 503 at once instead of holding requests: a connection attempt gives up
    // after 3 s and a request waits at most 5 s for a pooled connection (unless the caller sets its own).
    const bounded = { acquireConnectionTimeout: 5000, connection: { connectionTimeoutMillis: 3000, keepAlive: true } };
    return { ...common, driver: PostgreSqlDriver, clientUrl: url, driverOptions: { ...bounded, ...timeout } };
  }
  return {
    ...common,
    driver: KitPGliteDriver,
    dbName: 'postgres',
    driverOptions: { connection: { pglite: () => pglite! }, ...timeout },
  };
}

/**
 * Connects the ORM: PostgreSQL when `DATABASE_URL` is set, else the embedded PGlite (a folder for the server,
 * memory for tests). Models must be imported (app discovery) before it runs. Call `closeDatabase()` on shutdown.
 * @example await loadApps(); const orm = await initDatabase(); await migrate();
 */
export async function initDatabase(options: DatabaseOptions = {}, settings: Settings = getSettings()): Promise<MikroORM> {
  if (isDatabaseReady()) return getOrm();
  const url = options.url ?? settings.DATABASE_URL;
  if (!url) {
    const folder = pgliteFolder(settings, options.pgliteDir);
    if (folder) {
      mkdirSync(folder, { recursive: true });
      releaseLock = lockPgliteFolder(folder);
    }
    pglite = new PGlite(folder);
  }
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(ormConfig(options, settings));
  } catch (error) {
    await closePglite();
    throw error;
  }
  bindOrm(orm);
  return orm;
}

/** Closes the ORM and the embedded database; the process can then exit. */
export async function closeDatabase(): Promise<void> {
  if (!isDatabaseReady()) return;
  const orm = getOrm();
  bindOrm(undefined);
  await orm.close(true);
  await closePglite();
}

/** Closes the embedded database, if open, and releases its folder. */
async function closePglite(): Promise<void> {
  if (pglite) {
    await pglite.close();
    pglite = undefined;
  }
  releaseLock?.();
  releaseLock = undefined;
}
