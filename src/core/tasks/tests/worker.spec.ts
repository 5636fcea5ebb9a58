import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { projectRoot, resetSettings } from '../../../settings/index.js';
import { closeQueues, failedJobs, getQueue, listSchedules, summarizeQueues, tasksMode } from '../index.js';
import { closeTraceRedis, flakyTask, recordTask, scheduledKey, slowTask, traceRedis } from './test-tasks.js';

/** A real `manage worker` process (with the test tasks preloaded) on the test Redis; an empty in-memory database. */
class WorkerProcess {
  output = '';
  readonly exited: Promise<number | null>;
  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }
  static async start(env: NodeJS.ProcessEnv, args: string[] = []): Promise<WorkerProcess> {
    // The project's own `manage worker`, with the test tasks preloaded (core's tests must not import the entry points).
    const preload = ['reflect-metadata', pathToFileURL(join(projectRoot, 'dist', 'src', 'core', 'tasks', 'tests', 'test-tasks.js')).href].flatMap((m) => ['--import', m]);
    const child = spawn(process.execPath, [...preload, join('dist', 'src', 'manage.js'), 'worker', ...args], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const worker = new WorkerProcess(child);
    await eventually(() => worker.output.includes('worker ready') || (child.exitCode !== null ? 'exited' : false), 'the worker is ready').then((r) => {
      if (r === 'exited') throw new Error(`the worker exited:\n${worker.output}`);
    });
    return worker;
  }
  stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** Polls `check` until it gives a truthy value (60 s at most: a busy machine is slow, a broken one is caught). */
async function eventually<T>(check: () => T | Promise<T>, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs the real `manage tasks …` to the end. */
function manageTasks(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join('dist', 'src', 'manage.js'), 'tasks', ...args], { cwd: projectRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const list = (key: string) => traceRedis().lrange(key, 0, -1);

// BullMQ on the real Redis (TEST_REDIS_URL, else database 7), with a key prefix of this run's own.
describe('tasks on BullMQ with a real worker process', function () {
  this.timeout(120_000);
  const prefix = `kit-test-${process.pid}-${randomBytes(3).toString('hex')}`;
  const saved = { REDIS_URL: process.env.REDIS_URL, TASKS_PREFIX: process.env.TASKS_PREFIX, TASKS_BACKEND: process.env.TASKS_BACKEND };
  const key = (name: string) => `${prefix}:trace:${name}`;
  let env: NodeJS.ProcessEnv;
  let worker: WorkerProcess | undefined;

  before(async () => {
    process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/7';
    process.env.TASKS_PREFIX = prefix;
    process.env.TASKS_BACKEND = 'redis';
    resetSettings();
    env = { ...process.env, APP_ENVIRONMENT: 'test', DATABASE_URL: '', PGLITE_DIR: 'memory', LOG_LEVEL: 'warn' };
    worker = await WorkerProcess.start(env, ['--concurrency', '2', '--grace', '20']);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && worker) console.error(`--- worker output ---\n${worker.output}`);
  });

  after(async () => {
    await worker?.stop();
    const keys = await traceRedis().keys(`${prefix}:*`);
    if (keys.length) await traceRedis().del(...keys);
    await closeQueues();
    await closeTraceRedis();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetSettings();
  });

  it('queues a job that the worker process runs', async () => {
    expect(tasksMode()).to.equal('queued');
    const job = await recordTask.enqueue({ key: key('record'), value: 'hello' });
    expect(job).to.include({ mode: 'queued', queue: 'default' });
    await eventually(async () => (await list(key('record'))).length === 1, 'the job ran');
    expect(await list(key('record'))).to.deep.equal(['hello']);
    await eventually(async () => (await getQueue('default').getJobState(job.id)) === 'completed', 'the job is completed');
    expect((await getQueue('default').getJob(job.id))?.returnvalue).to.equal('hello');
  });

  it('retries a failing job with backoff, then keeps it in the failed set', async () => {
    const job = await flakyTask.enqueue({ key: key('flaky'), failures: 3 });
    await eventually(async () => (await getQueue('default').getJobState(job.id)) === 'failed', 'the job failed');
    expect(await list(key('flaky'))).to.deep.equal(['run 1 attempt 1', 'run 2 attempt 2', 'run 3 attempt 3']);
    const failed = (await failedJobs(['default'])).find((f) => f.id === job.id);
    expect(failed).to.include({ task: 'test.flaky', attempts: 3, reason: 'flaky failure 3' });
    expect(failed?.data).to.deep.equal({ key: key('flaky'), failures: 3 });
  });

  it('lists the failed job with manage tasks, and retries it from there', async () => {
    const [failed] = (await failedJobs(['default'])).filter((f) => f.task === 'test.flaky');
    expect(failed, 'the previous test left a failed job').to.not.equal(undefined);
    const listed = await manageTasks(['failed', '--json'], env);
    expect(listed.code, listed.stderr).to.equal(0);
    expect((JSON.parse(listed.stdout) as Array<{ id: string }>).map((f) => f.id)).to.include(failed!.id);
    const retried = await manageTasks(['retry', failed!.id], env);
    expect(retried.code, retried.stderr).to.equal(0);
    expect(retried.stdout).to.equal(`Retrying job ${failed!.id} of queue 'default'.\n`);
    await eventually(async () => (await getQueue('default').getJobState(failed!.id)) === 'completed', 'the retried job completed');
    expect((await list(key('flaky'))).at(-1)).to.equal('run 4 attempt 1');
    const again = await manageTasks(['retry', failed!.id], env);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.equal(`Error: Job ${failed!.id} of queue 'default' is completed, not failed.\n`);
  });

  it('holds a delayed job until its time', async () => {
    const job = await recordTask.enqueue({ key: key('delayed'), value: 'later' }, { delay: 1500 });
    expect(await getQueue('default').getJobState(job.id)).to.equal('delayed');
    await eventually(async () => (await list(key('delayed'))).length === 1, 'the delayed job ran');
    expect(await list(key('delayed'))).to.deep.equal(['later']);
  });

  it('runs the declared schedules (BullMQ Job Schedulers upserted by the worker) and lists them', async () => {
    const schedules = await listSchedules(['default']);
    expect(schedules.map((s) => s.id)).to.have.members(['core.liveness-every-5-minutes', 'test.tick-every-second']);
    expect(schedules.find((s) => s.id === 'core.liveness-every-5-minutes')).to.include({ task: 'core.liveness', cron: '*/5 * * * *' });
    await eventually(async () => (await list(scheduledKey(prefix))).length >= 2, 'the schedule fired twice');
    const listed = await manageTasks(['--json'], env);
    expect(listed.code, listed.stderr).to.equal(0);
    const report = JSON.parse(listed.stdout) as { queues: Array<{ queue: string; workers: number }>; schedules: Array<{ id: string }> };
    expect(report.queues.find((q) => q.queue === 'default')?.workers).to.be.greaterThan(0);
    expect(report.schedules.map((s) => s.id)).to.include('test.tick-every-second');
  });

  it('refuses a bad payload at enqueue: nothing is queued', async () => {
    const before = await summarizeQueues(['default']);
    let error: unknown;
    try {
      await recordTask.enqueue({ key: '', value: 'x' });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).to.match(/^Task 'test.record' refused its payload: key: /);
    const after = await summarizeQueues(['default']);
    expect(after[0]!.waiting + after[0]!.delayed).to.equal(before[0]!.waiting + before[0]!.delayed);
  });

  it('stops gracefully on SIGTERM: the running job finishes, then the worker exits 0', async () => {
    const job = await slowTask.enqueue({ key: key('slow'), ms: 1500 });
    await eventually(async () => (await list(key('slow'))).includes('started'), 'the slow job started');
    expect(await worker!.stop()).to.equal(0);
    expect(await list(key('slow'))).to.deep.equal(['started', 'finished']);
    expect(await getQueue('default').getJobState(job.id)).to.equal('completed');
    expect(worker!.output).to.include('worker stopped');
  });

  it('puts a job still running after the grace period back in the queue, without spending an attempt', async () => {
    worker = await WorkerProcess.start(env, ['--grace', '0.2', '--no-schedules']);
    const job = await slowTask.enqueue({ key: key('returned'), ms: 30_000 });
    await eventually(async () => (await list(key('returned'))).includes('started'), 'the long job started');
    expect(await worker.stop()).to.equal(0);
    expect(await getQueue('default').getJobState(job.id)).to.equal('waiting');
    expect((await getQueue('default').getJob(job.id))?.attemptsMade).to.equal(0);
    await getQueue('default').remove(job.id);
  });
});
