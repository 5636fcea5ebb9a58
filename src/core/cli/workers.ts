import cluster, { type Worker } from 'node:cluster';
import { CommandError } from '../errors/index.js';
import { getLogger } from '../logging/index.js';
import { getSettings } from '../../settings/index.js';

/** How long the primary waits for its workers to stop before it exits anyway (their own grace is 10 s). */
const STOP_GRACE_MS = 15_000;

/**
 * `serve --workers N`: this process becomes a cluster primary that applies the pending migrations once, then
 * forks N workers sharing the port (each re-runs this command and calls `startServer` without migrating).
 * A worker that dies after it listened is replaced; one that dies before it ever listened stops the whole
 * cluster (a configuration error would otherwise respawn forever). SIGTERM/SIGINT stop the workers gracefully.
 */
export async function runPrimary(count: number, applyMigrations: () => Promise<void>): Promise<void> {
  if (!getSettings().DATABASE_URL) {
    throw new CommandError('--workers needs DATABASE_URL (PostgreSQL): the embedded database belongs to one process.', 2);
  }
  const log = getLogger();
  await applyMigrations();

  let stopping = false;
  const listened = new WeakSet<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    worker.once('listening', () => listened.add(worker));
    return worker;
  };
  const allExited = () => Object.keys(cluster.workers ?? {}).length === 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  const stop = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = code;
    log.info(`${reason}: stopping the workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    const force = setTimeout(() => {
      log.error('workers did not stop in time: exiting');
      process.exit(1);
    }, STOP_GRACE_MS);
    force.unref();
    if (allExited()) resolveDone();
  };

  cluster.on('exit', (worker, code, signal) => {
    // Exit code 0 is a worker that stopped gracefully: on a signal of its own (Ctrl-C reaches every process of
    // the group, maybe before this one) or ours. Not replaced; the primary ends with its last worker.
    if (stopping || code === 0) {
      if (allExited()) resolveDone();
      return;
    }
    if (!listened.has(worker)) {
      log.error(`worker ${worker.process.pid} exited (${signal ?? code}) before listening`);
      stop('a worker failed to start', 1);
      return;
    }
    log.warn(`worker ${worker.process.pid} exited (${signal ?? code}): starting another`);
    fork();
  });
  process.once('SIGTERM', () => stop('SIGTERM', 0));
  process.once('SIGINT', () => stop('SIGINT', 0));

  for (let i = 0; i < count; i++) fork();
  log.info(`primary ${process.pid}: ${count} workers`);
  await done;
  log.info('stopped');
}

/** True in a process forked by `runPrimary`. */
export const isWorker = (): boolean => cluster.isWorker;
