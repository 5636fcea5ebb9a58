import type { z } from 'zod';
import { TaskPayloadInvalid } from '../errors/index.js';
import { enqueueTask } from './dispatch.js';

/** How a failed attempt waits before the next: BullMQ's strategies (`exponential`: delay, 2×delay, 4×delay…). */
export interface TaskBackoff {
  type: 'fixed' | 'exponential';
  /** Milliseconds before the first retry. */
  delay: number;
}

/** Options of `defineTask`. */
export interface TaskOptions<S extends z.ZodType> {
  /** The payload's schema: `enqueue` refuses data it rejects, and the handler receives its output. */
  schema: S;
  /** Attempts after the first failure (default 0); then the job is kept in the failed (dead-letter) set. */
  retries?: number;
  /** Wait between attempts (default exponential from 1 s). */
  backoff?: TaskBackoff;
  /** Milliseconds an attempt may run; a slower one fails (and is retried) and its `signal` aborts. */
  timeout?: number;
  /** The queue the task's jobs go to (default `default`); `manage worker --queues` picks queues. */
  queue?: string;
}

/** What a handler receives besides its payload. */
export interface TaskContext {
  /** The job's id (`eager-<n>` in eager mode). */
  jobId: string;
  /** 1 for the first attempt, 2 for the first retry… */
  attempt: number;
  /** Aborted when the attempt times out or the worker is forced to stop: long handlers should watch it. */
  signal: AbortSignal;
}

/** Options of `task.enqueue`. */
export interface EnqueueOptions {
  /** Milliseconds to wait before the job may run (queued mode; eager mode runs it at once). */
  delay?: number;
  /** A job id of your own: a second enqueue with the same id is ignored while the first job is kept (dedupe). */
  jobId?: string;
}

/** What `enqueue` gives back: the job's id, and in eager mode the handler's result. */
export type Enqueued<R> =
  | { mode: 'queued'; id: string; queue: string }
  | { mode: 'eager'; id: string; queue: string; result: Awaited<R> };

/** A task: a named, typed handler that runs in the background (`enqueue`) or now (`run`). */
export interface Task<S extends z.ZodType = z.ZodType, R = unknown> {
  readonly name: string;
  readonly queue: string;
  readonly schema: S;
  readonly retries: number;
  readonly backoff: TaskBackoff;
  readonly timeout: number | undefined;
  /** The handler as declared (the worker and the eager runner call it in a fresh database context). */
  handler(data: z.output<S>, context: TaskContext): Promise<R> | R;
  /**
   * Validates `data` and queues a job (BullMQ with REDIS_URL), or runs it now in-process (eager mode: its error
   * propagates to the caller).
   * @throws TaskPayloadInvalid when the schema refuses `data` (nothing is queued).
   */
  enqueue(data: z.input<S>, options?: EnqueueOptions): Promise<Enqueued<R>>;
  /** Validates `data` (the same way) and returns the schema's output. */
  parse(data: unknown): z.output<S>;
}

const registry = new Map<string, Task>();

/** Task names: dotted lower-case words (`user.create-user`), also the BullMQ job name. */
const NAME = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

/** The payload refused by a task's schema, as `{loc, msg, type}` issues. */
function issuesOf(error: z.ZodError): Array<Record<string, unknown>> {
  return error.issues.map((issue) => ({ type: issue.code, loc: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), msg: issue.message }));
}

/**
 * Declares a background task; apps declare theirs in `src/apps/<app>/tasks/` (loaded with the app).
 * @example
 * export const sendWelcome = defineTask('user.send-welcome', async ({ userId }) => mail(userId), {
 *   schema: z.object({ userId: z.number().int() }), retries: 3, backoff: { type: 'exponential', delay: 1000 }, timeout: 30_000,
 * });
 * await sendWelcome.enqueue({ userId: 1 }, { delay: 60_000 });
 */
export function defineTask<S extends z.ZodType, R>(
  name: string,
  handler: (data: z.output<S>, context: TaskContext) => Promise<R> | R,
  options: TaskOptions<S>,
): Task<S, R> {
  if (!NAME.test(name)) throw new Error(`Invalid task name '${name}': dotted lower-case words, e.g. 'user.create-user'.`);
  if (registry.has(name)) throw new Error(`Task '${name}' is defined twice.`);
  const retries = options.retries ?? 0;
  if (!Number.isInteger(retries) || retries < 0) throw new Error(`Task '${name}': retries must be a whole number ≥ 0.`);
  const task: Task<S, R> = {
    name,
    queue: options.queue ?? 'default',
    schema: options.schema,
    retries,
    backoff: options.backoff ?? { type: 'exponential', delay: 1000 },
    timeout: options.timeout,
    handler,
    parse(data) {
      const parsed = options.schema.safeParse(data);
      if (!parsed.success) throw new TaskPayloadInvalid(name, issuesOf(parsed.error));
      return parsed.data;
    },
    enqueue: (data, enqueueOptions = {}) => enqueueTask(task, data, enqueueOptions),
  };
  registry.set(name, task);
  return task;
}

/** The task named `name`, or undefined. */
export function findTask(name: string): Task | undefined {
  return registry.get(name);
}

/** Every defined task, in definition order. */
export function registeredTasks(): Task[] {
  return [...registry.values()];
}
