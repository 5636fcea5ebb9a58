import { mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { MikroORM, Options } from '@mikro-orm/core';
import { resolveOptional, token } from '../di/index.js';
import { getSettings, PGLITE_DATA_DIR, projectRoot, type Settings } from '../../settings/index.js';
import { bindOrm, getOrm, isDatabaseReady, resolveContext } from './context.js';
import { lockPgliteFolder } from './pglite-lock.js';
import { setEmbeddedDriver } from './embedded-driver.js';
import { installCheapFork } from './cheap-fork.js';
import type { KitPGliteDriver } from './pglite-driver.js';
import { QueryCountingLogger } from './query-log.js';
import { SignalSubscriber } from './signals.js';
import { installSingleWriteSwitch, SingleWriteGuard } from './single-write.js';
import { mikroOrm } from './mikro-orm.js';

const { FlushMode, MetadataStorage } = mikroOrm;

/**
 * MikroORM tokenizes the source of every entity class (esprima) to find the parameter names of its constructor
 * and `toJSON`, some 10 ms of the start for the kit's models. A class whose source names neither has none of
 * either: that answer is recorded on its decorator metadata, which MikroORM then takes as is.
 */
function recordNoConstructorParams(entities: Options['entities']): void {
  for (const entity of entities ?? []) {
    if (typeof entity !== 'function' || !Object.hasOwn(entity, MetadataStorage.PATH_SYMBOL)) continue;
    const source = Function.prototype.toString.call(entity);
    if (source.includes('constructor') || source.includes('toJSON')) continue;
    const meta = MetadataStorage.getMetadataFromDecorator(entity as new () => object);
    meta.constructorParams ??= [];
    meta.toJsonParams ??= [];
  }
}

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

/** Options every connection's driver takes (a short acquire timeout in tests). */
interface CommonDriverOptions {
  acquireConnectionTimeout?: number;
}

/**
 * The database `initDatabase` opened, for the project's ORM configuration to build its options on:
 * PostgreSQL at a URL, or the embedded PGlite (an open instance, in a folder or in memory).
 */
export type DatabaseConnection =
  | { kind: 'postgresql'; url: string; debug: boolean; driverOptions: CommonDriverOptions & { connection: { connectionTimeoutMillis: number; keepAlive: boolean } } }
  | { kind: 'pglite'; pglite: PGlite; driver: typeof KitPGliteDriver; debug: boolean; driverOptions: CommonDriverOptions & { connection: { pglite: () => PGlite } } };

/** The project's ORM configuration (the root `mikro-orm.config.ts`): MikroORM's options for a connection. */
export type OrmConfigFactory = (connection: DatabaseConnection) => Options;

/** The token of the project's `OrmConfigFactory`; the project's entry points provide it (`src/project.ts`). */
export const OrmConfig = token<OrmConfigFactory>('OrmConfig');

/**
 * The options the kit's active record relies on, whatever else the project configures: every call runs in the
 * current request's or transaction's context, nothing is written before save()/delete()/transaction(), signals
 * and query counting hook in. The project's configuration spreads them first.
 * @example defineConfig({ ...kitOrmOptions(connection), entities: [...], driver: PostgreSqlDriver })
 */
export function kitOrmOptions(connection: DatabaseConnection): Options {
  return {
    discovery: { requireEntitiesArray: true, disableDynamicFileAccess: true },
    // Nothing is written until save()/delete()/transaction(): no implicit flush before queries.
    flushMode: FlushMode.COMMIT,
    context: resolveContext,
    forceUtcTimezone: true,
    // The guard runs after the signal subscriber: it sees the rows the before-handlers added.
    subscribers: [new SignalSubscriber(), new SingleWriteGuard()],
    loggerFactory: (loggerOptions) => new QueryCountingLogger(loggerOptions),
    debug: connection.debug,
  };
}

/** Where the embedded database lives for these settings: a folder, or undefined for memory. */
function pgliteFolder(settings: Settings, option?: string): string | undefined {
  const dir = option ?? settings.PGLITE_DIR ?? (settings.APP_ENVIRONMENT === 'test' ? 'memory' : PGLITE_DATA_DIR);
  if (dir === 'memory') return undefined;
  return isAbsolute(dir) ? dir : join(projectRoot, dir);
}

let pglite: PGlite | undefined;
let releaseLock: (() => void) | undefined;
// Its own module, so that the write path can ask without importing this one (which imports the context).
export { isEmbeddedDriver } from './embedded-driver.js';

/**
 * Opens the database of these options and settings: PostgreSQL when there is a URL (the pool opens with the
 * ORM), else PGlite in its folder (locked against a second process) or in memory. `closeDatabase` closes it.
 * PGlite and its driver are loaded here, when used: a server on PostgreSQL never loads them.
 */
export async function openConnection(options: DatabaseOptions = {}, settings: Settings = getSettings()): Promise<DatabaseConnection> {
  const url = options.url ?? settings.DATABASE_URL;
  const debug = options.debug ?? settings.DB_DEBUG;
  const driverOptions: CommonDriverOptions = options.acquireTimeoutMs ? { acquireConnectionTimeout: options.acquireTimeoutMs } : {};
  if (url) {
    // Bounded waits, so an outage answers 503 at once instead of holding requests: a connection attempt gives up
    // after 3 s and a request waits at most 5 s for a pooled connection (unless the caller sets its own).
    const bounded = { acquireConnectionTimeout: 5000, connection: { connectionTimeoutMillis: 3000, keepAlive: true } };
    return { kind: 'postgresql', url, debug, driverOptions: { ...bounded, ...driverOptions } };
  }
  const [{ PGlite }, { KitPGliteDriver }] = await Promise.all([import('@electric-sql/pglite'), import('./pglite-driver.js')]);
  setEmbeddedDriver(KitPGliteDriver);
  if (!pglite) {
    const folder = pgliteFolder(settings, options.pgliteDir);
    if (folder) {
      mkdirSync(folder, { recursive: true });
      releaseLock = lockPgliteFolder(folder);
    }
    pglite = new PGlite(folder);
  }
  const instance = pglite;
  return { kind: 'pglite', pglite: instance, driver: KitPGliteDriver, debug, driverOptions: { ...driverOptions, connection: { pglite: () => instance } } };
}

/**
 * Connects the ORM with the project's configuration (`OrmConfig`, from mikro-orm.config.ts): PostgreSQL when
 * `DATABASE_URL` is set, else the embedded PGlite (a folder for the server, memory for tests). Models must be
 * imported (app discovery) before it runs. Call `closeDatabase()` on shutdown.
 * @example await loadApps(); const orm = await initDatabase(); await migrate();
 */
export async function initDatabase(options: DatabaseOptions = {}, settings: Settings = getSettings()): Promise<MikroORM> {
  if (isDatabaseReady()) return getOrm();
  const config = resolveOptional(OrmConfig);
  if (!config) throw new Error('No ORM configuration: the entry point registers the project\'s providers (src/project.ts, mikro-orm.config.ts).');
  let orm: MikroORM;
  try {
    const ormOptions = config(await openConnection(options, settings));
    recordNoConstructorParams(ormOptions.entities);
    orm = await mikroOrm.MikroORM.init(ormOptions);
  } catch (error) {
    await closePglite();
    throw error;
  }
  installSingleWriteSwitch(orm);
  installCheapFork(orm);
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
