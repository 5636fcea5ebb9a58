/**
 * `npm run serve`: opens the database (applying pending migrations), listens, and shuts down gracefully on
 * SIGTERM/SIGINT: refuses new connections, answers what arrives on open ones with `Connection: close` for a short
 * drain window, lets requests in flight finish, closes the database, exits 0 (10 s at most).
 */
import './core/compile-cache-on.js';
import 'reflect-metadata';
import type { Server, ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { closeDatabase, initDatabase, migrate } from './core/db/index.js';
import { getLogger } from './core/logging/index.js';
import { closeRedis } from './core/redis/index.js';
import { httpServer } from './core/http/index.js';
import { offerDemoData } from './core/fixtures/index.js';
import { closeBroadcaster } from './core/realtime/index.js';
import { closeQueues } from './core/tasks/index.js';
import { getSettings, SettingsError } from './settings/index.js';
import { createApp } from './main.js';
import { registerProviders } from './core/di/index.js';
import { projectProviders } from './project.js';
import { flushCompileCache } from './core/compile-cache.js';
import { limitHeapGrowth } from './core/heap-growth.js';

const SHUTDOWN_GRACE_MS = 10_000;
/** How long after listening the heap's growth is capped (a full GC); little is allocated by then. */
const HEAP_CAP_DELAY_MS = 200;
/** How long idle keep-alive sockets stay open after SIGTERM, so a request already on its way is answered. */
const SHUTDOWN_DRAIN_MS = 1_000;

/** Options of `startServer`; the settings PORT and HOST are the defaults. */
export interface ServerOptions {
  port?: number;
  host?: string;
  /** Apply pending migrations before listening (default true; cluster workers leave it to the primary). */
  migrate?: boolean;
  /** Runs after the migrations, before listening; a throw stops the start (`manage serve` checks the schema there). */
  beforeListen?: () => Promise<void>;
}

/** Starts the server; resolves with the bound address. */
export async function startServer(options: ServerOptions = {}) {
  const settings = getSettings();
  const log = getLogger();
  const kit = await createApp();
  await initDatabase();
  let listening: Server | undefined;
  try {
    if (options.migrate ?? true) {
      const migrated = await migrate();
      if (migrated.migrations.length) log.info({ migrations: migrated.migrations }, 'applied migrations');
      await offerDemoData(migrated);
    }
    await options.beforeListen?.();
    const opened = (listening = httpServer(kit).listen(options.port ?? settings.PORT, options.host ?? settings.HOST));
    await new Promise<void>((resolve, reject) => {
      opened.once('listening', resolve);
      opened.once('error', reject);
    });
  } catch (error) {
    // The database or the port failed: close what was opened so the process can exit with the error.
    listening?.close();
    await closeDatabase();
    await closeRedis();
    throw error;
  }
  const server = listening;
  const address = server.address() as AddressInfo;
  // Once listening: the modules of the start go to the code cache (written only when something was new), then
  // the heap's growth is capped, in that order: V8 rejects cached code made under other V8 flags than a start has.
  setImmediate(() => {
    flushCompileCache();
    // A moment later: the cap runs a full GC (heap-growth.ts), which the first requests need not wait for.
    setTimeout(() => limitHeapGrowth(settings.HEAP_GROWTH_PERCENT), HEAP_CAP_DELAY_MS).unref();
  });
  log.info(`listening on http://${address.address}:${address.port} (docs at /docs, database: ${settings.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'})`);

  let stopping = false;
  // Answers sent once stopping has begun say `Connection: close`, so keep-alive clients cannot hold the process
  // open (they reconnect to another instance); the responses still open are tracked for that.
  const open = new Set<ServerResponse>();
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (stopping) res.setHeader('Connection', 'close');
    open.add(res);
    res.once('close', () => open.delete(res));
  });
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping; finishing requests in flight`);
    const force = setTimeout(() => {
      log.error('shutdown took longer than 10 s: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close');
    // Stop listening only (net.Server's close): http.Server's would also close the idle keep-alive sockets at
    // once, and a client that sent a request on one at that moment gets a reset, never knowing whether its POST
    // was applied. New connections are refused from now on; the callback runs once every socket has closed.
    net.Server.prototype.close.call(server, () => {
      void (async () => {
        await closeDatabase();
        await closeBroadcaster();
        await closeQueues();
        await closeRedis();
        log.info('stopped');
        process.exit(0);
      })();
    });
    // The drain window: a request that arrives on an idle keep-alive socket now is answered (with
    // `Connection: close`, so the client moves on); the sockets still idle after it are closed.
    const drain = setTimeout(() => {
      server.closeIdleConnections();
      // A socket that became idle after that is closed as soon as its response is sent (`Connection: close`).
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      sweep.unref();
    }, SHUTDOWN_DRAIN_MS);
    drain.unref();
    // Websockets are told the server is going away (1001) and closed: they would otherwise hold it open.
    void Promise.all(kit.upgrades.map((u) => u.close())).catch((error: unknown) => log.warn({ err: error }, 'closing websockets failed'));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return { server, address };
}

/** `node dist/src/server.js [--port N] [--host H]`, what `npm start` runs (through the bundle). */
export async function startFromCommandLine(): Promise<void> {
  registerProviders(projectProviders);
  const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' }, host: { type: 'string', short: 'h' } } });
  try {
    await startServer({ port: values.port === undefined ? undefined : Number(values.port), host: values.host });
  } catch (error) {
    console.error(error instanceof SettingsError ? error.message : error);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void startFromCommandLine();
