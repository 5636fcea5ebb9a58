/**
 * Tasks of the task tests: each leaves a trace in Redis (the worker process has its own, empty, database), so a
 * test in another process can see what a worker did.
 */
import { Redis } from 'ioredis';
import { z } from 'zod';
import { defineTask, schedule } from '../index.js';

let client: Redis | undefined;
/** The Redis the traces go to: the tasks' own REDIS_URL. */
export function traceRedis(): Redis {
  client ??= new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/7', { maxRetriesPerRequest: 1 });
  return client;
}
/** Closes the trace connection. */
export async function closeTraceRedis(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.quit();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Appends `value` to the list `key`. */
export const recordTask = defineTask('test.record', async ({ key, value }) => {
  await traceRedis().rpush(key, value);
  return value;
}, { schema: z.object({ key: z.string().min(1), value: z.string() }) });

/** Fails its first `failures` runs (counted in Redis, across retries and re-queues), then succeeds; two retries, 50 ms apart. */
export const flakyTask = defineTask('test.flaky', async ({ key, failures }, { attempt }) => {
  const run = await traceRedis().incr(`${key}:runs`);
  await traceRedis().rpush(key, `run ${run} attempt ${attempt}`);
  if (run <= failures) throw new Error(`flaky failure ${run}`);
  return run;
}, { schema: z.object({ key: z.string().min(1), failures: z.number().int().min(0) }), retries: 2, backoff: { type: 'fixed', delay: 50 } });

/** Writes `started`, waits `ms`, writes `finished`. */
export const slowTask = defineTask('test.slow', async ({ key, ms }) => {
  await traceRedis().rpush(key, 'started');
  await sleep(ms);
  await traceRedis().rpush(key, 'finished');
  return ms;
}, { schema: z.object({ key: z.string().min(1), ms: z.number().int().min(0).max(120_000) }) });

/** Never finishes in time: its 100 ms timeout fails it. */
export const hangingTask = defineTask('test.hanging', async () => {
  await sleep(5000);
  return 'late';
}, { schema: z.object({}), timeout: 100 });

/** Where the every-second schedule records its ticks: under the run's TASKS_PREFIX, so parallel runs do not mix. */
export const scheduledKey = (prefix = process.env.TASKS_PREFIX ?? 'tasks') => `${prefix}:trace:scheduled`;

/** A schedule the worker upserts (a BullMQ Job Scheduler): a tick every second. */
schedule('test.tick-every-second', recordTask, { every: 1000 }, { key: scheduledKey(), value: 'tick' });
