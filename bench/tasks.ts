/**
 * Tasks per second through one `manage worker` process: enqueues BENCH_JOBS liveness jobs (a task that touches
 * nothing, so the figure is the queue's and the worker's own cost: BullMQ round trips, payload validation, the
 * fresh database context per job), then starts a worker and times how long it takes to complete them all, for
 * each concurrency of BENCH_CONCURRENCY. Also reports the enqueue rate (one `task.enqueue` at a time).
 *
 * Run: npm run bench:tasks   (needs Redis: BENCH_REDIS_URL, default redis://127.0.0.1:6379/8)
 * Settings (env): BENCH_JOBS (300), BENCH_CONCURRENCY (1,8)
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { projectRoot, resetSettings } from '../src/settings/index.js';

const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/8';
const jobs = Number(process.env.BENCH_JOBS ?? 300);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? '1,8').split(',').map(Number);

async function round(concurrency: number): Promise<{ enqueuePerSecond: number; tasksPerSecond: number }> {
  const prefix = `kit-bench-${randomBytes(3).toString('hex')}`;
  process.env.REDIS_URL = redisUrl;
  process.env.TASKS_PREFIX = prefix;
  process.env.TASKS_BACKEND = 'redis';
  process.env.LOG_LEVEL = 'silent';
  resetSettings();
  const tasks = await import('../src/core/tasks/index.js');
  const started = process.hrtime.bigint();
  for (let i = 0; i < jobs; i++) await tasks.liveness.enqueue({});
  const enqueueSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const env = { ...process.env, APP_ENVIRONMENT: 'test', DATABASE_URL: '', PGLITE_DIR: 'memory', LOG_LEVEL: 'warn' };
  const worker = spawn(process.execPath, [join('dist', 'src', 'manage.js'), 'worker', '--concurrency', String(concurrency), '--no-schedules'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => worker.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('worker ready') && resolve()));
  const t0 = process.hrtime.bigint();
  const queue = tasks.getQueue('default');
  // Completed jobs are trimmed (the newest 1,000 are kept), so wait until none is left to run.
  const left = async () => Object.values(await queue.getJobCounts('waiting', 'active', 'prioritized')).reduce((a, b) => a + b, 0);
  while ((await left()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const drainSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  worker.kill('SIGTERM');
  await new Promise((resolve) => worker.once('exit', resolve));
  await queue.obliterate({ force: true });
  await tasks.closeQueues();
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  return { enqueuePerSecond: jobs / enqueueSeconds, tasksPerSecond: jobs / drainSeconds };
}

console.log(`${jobs} liveness jobs through one worker process (Redis ${redisUrl})`);
for (const concurrency of concurrencies) {
  const r = await round(concurrency);
  console.log(`concurrency ${concurrency}: ${r.tasksPerSecond.toFixed(0)} tasks/s processed; enqueue ${r.enqueuePerSecond.toFixed(0)} jobs/s (sequential awaits)`);
}
