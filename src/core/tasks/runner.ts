import type { z } from 'zod';
import { isDatabaseReady, outsideTransactionContext, withContext } from '../db/index.js';
import type { Task, TaskContext } from './task.js';

/** An attempt ran longer than its task's `timeout`. */
export class TaskTimeout extends Error {
  override name = 'TaskTimeout';
  constructor(task: string, ms: number) {
    super(`Task '${task}' timed out after ${ms} ms.`);
  }
}

/** Where an attempt runs: its job id, attempt number and an outer signal (the worker's forced stop). */
export interface AttemptOptions {
  jobId: string;
  attempt: number;
  signal?: AbortSignal;
}

/**
 * Runs one attempt of `task` on `data`: validates the payload, then calls the handler inside a fresh database
 * context (its own identity map, outside any enclosing transaction, as an HTTP request gets), bounded by the
 * task's timeout. The same path serves the worker and eager mode, so a task behaves alike in both.
 */
export async function runAttempt<R>(task: Task<z.ZodType, R>, data: unknown, options: AttemptOptions): Promise<Awaited<R>> {
  const payload = task.parse(data);
  const controller = new AbortController();
  const context: TaskContext = { jobId: options.jobId, attempt: options.attempt, signal: controller.signal };
  let timer: NodeJS.Timeout | undefined;
  // The attempt ends when the handler settles or the signal aborts (timeout, forced stop), whichever is first: a
  // handler that ignores its signal cannot hold a worker slot past its timeout.
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason instanceof Error ? controller.signal.reason : new Error('Task aborted.')), { once: true });
  });
  const abort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', abort, { once: true });
  if (options.signal?.aborted) abort();
  try {
    const call = async () => await task.handler(payload, context);
    // A process without a database (a bare script) still runs tasks that need none.
    const run = isDatabaseReady() ? outsideTransactionContext(() => withContext(call)) : call();
    if (task.timeout !== undefined) {
      const timeout = task.timeout;
      timer = setTimeout(() => controller.abort(new TaskTimeout(task.name, timeout)), timeout);
    }
    // A handler that settles after the attempt was abandoned must not crash the process as an unhandled rejection.
    run.catch(() => undefined);
    return await Promise.race([run, aborted]);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
}
