import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import { ServiceUnavailable } from '../errors/index.js';
import { getQueue, tasksMode } from './queues.js';
import { runAttempt } from './runner.js';
import type { EnqueueOptions, Enqueued, Task } from './task.js';

let eagerCount = 0;

/** Completed jobs kept for `manage tasks` (the last 1,000, at most a day); failed ones are kept until retried or removed. */
const KEEP_COMPLETED = { count: 1000, age: 24 * 3600 };

/** The BullMQ job options of a task's job: attempts, backoff, delay, retention. */
export function jobOptions(task: Task, options: EnqueueOptions = {}): JobsOptions {
  return {
    attempts: task.retries + 1,
    backoff: { type: task.backoff.type, delay: task.backoff.delay },
    delay: options.delay,
    jobId: options.jobId,
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: false,
  };
}

/**
 * `task.enqueue`: refuses a payload the schema rejects (nothing queued), then adds a BullMQ job, or in eager
 * mode runs the task now and returns (or throws) what it did. The job carries the payload as given, so the
 * worker validates it again with the task's current schema.
 */
export async function enqueueTask<S extends z.ZodType, R>(task: Task<S, R>, data: z.input<S>, options: EnqueueOptions): Promise<Enqueued<R>> {
  task.parse(data);
  if (options.delay !== undefined && (!Number.isFinite(options.delay) || options.delay < 0)) throw new Error(`Task '${task.name}': delay must be a number of milliseconds ≥ 0.`);
  if (tasksMode() === 'eager') {
    const id = options.jobId ?? `eager-${++eagerCount}`;
    const result = await runAttempt<R>(task, data, { jobId: id, attempt: 1 });
    return { mode: 'eager', id, queue: task.queue, result };
  }
  try {
    const job = await getQueue(task.queue).add(task.name, data, jobOptions(task, options));
    return { mode: 'queued', id: job.id ?? '', queue: task.queue };
  } catch {
    // Redis is down or unreachable: the caller (an HTTP request) answers 503 rather than 500.
    throw new ServiceUnavailable('The task queue is unavailable.');
  }
}
