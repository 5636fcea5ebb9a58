import type * as BullMQ from 'bullmq';
import type { ConnectionOptions, Queue } from 'bullmq';
import type * as IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import { lazyRequire } from '../lazy-require.js';
import { getSettings } from '../../settings/index.js';

// Loaded with the first queue: eager mode (no REDIS_URL) never loads them.
const bullmq = lazyRequire<typeof BullMQ>('bullmq');
const ioredis = lazyRequire<typeof IORedis>('ioredis');

/** Where tasks run: on BullMQ queues in Redis, or in-process at enqueue time (eager). */
export type TasksMode = 'queued' | 'eager';

/**
 * The mode the settings give: TASKS_BACKEND=auto queues on Redis when REDIS_URL is set, else runs eagerly;
 * `eager` always runs in-process (tests); `redis` insists on REDIS_URL.
 */
export function tasksMode(): TasksMode {
  const { TASKS_BACKEND, REDIS_URL } = getSettings();
  if (TASKS_BACKEND === 'eager') return 'eager';
  if (TASKS_BACKEND === 'redis' && !REDIS_URL) throw new Error('TASKS_BACKEND=redis needs REDIS_URL.');
  return REDIS_URL ? 'queued' : 'eager';
}

/** The Redis URL the queues use; throws in eager mode. */
export function queueRedisUrl(): string {
  const url = getSettings().REDIS_URL;
  if (!url || tasksMode() !== 'queued') throw new Error('Task queues need REDIS_URL (and TASKS_BACKEND auto or redis).');
  return url;
}

/**
 * A connection for producers and inspection: commands fail after one retry instead of waiting forever, so an
 * enqueue during a Redis outage errors (503) rather than hanging the request. Workers use their own
 * (`workerConnection`), which BullMQ requires to retry forever.
 */
function producerConnection(url: string): Redis {
  return new (ioredis().Redis)(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: true });
}

/**
 * The connection options of a worker: BullMQ needs `maxRetriesPerRequest: null` (it waits out Redis outages and
 * resumes). Given as options, not a client, so BullMQ owns the connections and closes them with the worker.
 */
export function workerConnection(url: string = queueRedisUrl()): ConnectionOptions {
  return { url, maxRetriesPerRequest: null, connectTimeout: 5000 };
}

let shared: Redis | undefined;
const queues = new Map<string, Queue>();

/** The BullMQ queue named `name` (one instance per process, sharing one Redis connection). */
export function getQueue(name: string): Queue {
  let queue = queues.get(name);
  if (!queue) {
    shared ??= producerConnection(queueRedisUrl());
    queue = new (bullmq().Queue)(name, { connection: shared, prefix: getSettings().TASKS_PREFIX });
    queues.set(name, queue);
  }
  return queue;
}

/** The queues opened by this process so far. */
export function openQueues(): Queue[] {
  return [...queues.values()];
}

const closers = new Set<() => Promise<void>>();

/** Runs `close` with `closeQueues` (the result waiters' event streams register here: they hold connections too). */
export function onCloseQueues(close: () => Promise<void>): void {
  closers.add(close);
}

/** Closes the queues and their connection (shutdown, end of a CLI command, tests switching settings). */
export async function closeQueues(): Promise<void> {
  await Promise.all([...closers].map((close) => close()));
  const open = [...queues.values()];
  queues.clear();
  const connection = shared;
  shared = undefined;
  await Promise.all(open.map((queue) => queue.close().catch(() => undefined)));
  if (connection) await connection.quit().catch(() => connection.disconnect());
}
