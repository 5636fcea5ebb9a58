import type { Job } from 'bullmq';
import { describeDatabaseError } from '../db/index.js';
import { KitError, TaskPayloadInvalid } from '../errors/index.js';
import { getLogger } from '../logging/index.js';
import { getSettings } from '../../settings/index.js';
import { workerConnection } from './queues.js';
import { runAttempt } from './runner.js';
import { syncSchedules } from './schedules.js';
import { findTask, registeredTasks } from './task.js';

/** Options of `startWorker` (and of `manage worker`). */
export interface TaskWorkerOptions {
  /** Queues to consume (default: every queue a defined task uses). */
  queues?: string[];
  /** Jobs run at once per queue (default TASKS_CONCURRENCY). */
  concurrency?: number;
  /** Milliseconds running jobs may take to finish after a stop is asked; then they return to the queue (default 30 s). */
  graceMs?: number;
  /** Upsert the declared schedules (BullMQ Job Schedulers) at start (default true). */
  schedules?: boolean;
}

/** A running worker: the queues it consumes and how to stop it. */
export interface TaskWorker {
  readonly queues: string[];
  readonly concurrency: number;
  /**
   * Stops taking jobs and waits for the running ones; those still running after the grace period are put back
   * in the queue (waiting, not failed: no attempt is spent) and their handlers' signals abort.
   */
  close(): Promise<void>;
}

/**
 * Errors that another attempt cannot fix: a client error of the kit (4xx: not found, conflict, bad input) or a
 * constraint the data breaks (a duplicate unique value…). The job goes straight to the failed set.
 */
function isPermanent(error: unknown): boolean {
  if (error instanceof KitError) return error.status < 500;
  const kind = describeDatabaseError(error)?.kind;
  return kind !== undefined && kind !== 'other';
}

/** The queues of the defined tasks, sorted. */
export function taskQueues(): string[] {
  return [...new Set(registeredTasks().map((task) => task.queue))].sort();
}

/**
 * Starts BullMQ workers for `queues`: each job is run by the task its name names, in a fresh database
 * context. A payload the task's schema refuses, or an unknown task, fails at once (no retries): retrying
 * cannot fix it.
 */
export async function startWorker(options: TaskWorkerOptions = {}): Promise<TaskWorker> {
  const log = getLogger();
  const queues = options.queues?.length ? [...new Set(options.queues)] : taskQueues();
  if (queues.length === 0) throw new Error('No task is defined: nothing to consume.');
  const concurrency = options.concurrency ?? getSettings().TASKS_CONCURRENCY;
  const graceMs = options.graceMs ?? 30_000;
  const forced = new AbortController();
  // BullMQ loads with the first worker: the server and the CLI's other commands never need it.
  const { UnrecoverableError, WaitingError, Worker } = await import('bullmq');

  const process = async (job: Job, token?: string) => {
    const task = findTask(job.name);
    if (!task) throw new UnrecoverableError(`Unknown task '${job.name}' (is its app's tasks/ module deployed to this worker?).`);
    try {
      task.parse(job.data);
    } catch (error) {
      if (error instanceof TaskPayloadInvalid) throw new UnrecoverableError(error.message);
      throw error;
    }
    const started = Date.now();
    try {
      const result = await runAttempt(task, job.data, { jobId: job.id ?? '', attempt: job.attemptsMade + 1, signal: forced.signal });
      log.info({ task: job.name, job: job.id, ms: Date.now() - started }, 'task done');
      return result;
    } catch (error) {
      if (forced.signal.aborted && token) {
        // The worker is stopping: hand the job back to the queue for another worker, without spending an attempt.
        await job.moveToWait(token);
        log.warn({ task: job.name, job: job.id }, 'task returned to the queue (worker stopping)');
        throw new WaitingError();
      }
      log.warn({ task: job.name, job: job.id, attempt: job.attemptsMade + 1, err: error }, 'task failed');
      if (isPermanent(error)) throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      throw error;
    }
  };

  if (options.schedules ?? true) {
    const { upserted, removed } = await syncSchedules(queues);
    if (upserted.length || removed.length) log.info({ upserted, removed }, 'schedules synchronised');
  }
  const workers = queues.map(
    (queue) =>
      new Worker(queue, process, {
        connection: workerConnection(),
        prefix: getSettings().TASKS_PREFIX,
        concurrency,
        autorun: true,
      }),
  );
  for (const worker of workers) {
    worker.on('error', (error) => log.error({ err: error, queue: worker.name }, 'worker error'));
  }
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));

  let closing: Promise<void> | undefined;
  return {
    queues,
    concurrency,
    close() {
      closing ??= (async () => {
        const timer = setTimeout(() => forced.abort(new Error('The worker is stopping.')), graceMs);
        try {
          await Promise.all(workers.map((worker) => worker.close()));
        } finally {
          clearTimeout(timer);
        }
      })();
      return closing;
    },
  };
}
