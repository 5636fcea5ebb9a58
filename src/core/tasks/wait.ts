import type { QueueEvents } from 'bullmq';
import { getSettings } from '../../settings/index.js';
import { ServiceUnavailable } from '../errors/index.js';
import { getQueue, onCloseQueues, workerConnection } from './queues.js';
import type { Enqueued } from './task.js';

const events = new Map<string, QueueEvents>();

/** The events stream of a queue (one per process: it holds a blocking connection). */
async function queueEvents(queue: string): Promise<QueueEvents> {
  let found = events.get(queue);
  if (!found) {
    const { QueueEvents } = await import('bullmq');
    found = new QueueEvents(queue, { connection: workerConnection(), prefix: getSettings().TASKS_PREFIX });
    events.set(queue, found);
    await found.waitUntilReady();
  }
  return found;
}

/**
 * Waits for an enqueued job's result (Celery's `.delay().get(timeout)`): the result at once in eager mode, else
 * once a worker finishes it. A failed job rejects with its failure reason.
 * @throws ServiceUnavailable when no worker finishes it within `timeoutMs` (the job stays queued).
 */
export async function waitForResult<R>(enqueued: Enqueued<R>, timeoutMs = 10_000): Promise<Awaited<R>> {
  if (enqueued.mode === 'eager') return enqueued.result;
  const job = await getQueue(enqueued.queue).getJob(enqueued.id);
  if (!job) throw new Error(`Job ${enqueued.id} of queue '${enqueued.queue}' is gone.`);
  try {
    return (await job.waitUntilFinished(await queueEvents(enqueued.queue), timeoutMs)) as Awaited<R>;
  } catch (error) {
    if (error instanceof Error && /timed out before finishing/.test(error.message)) throw new ServiceUnavailable('No task worker finished the job in time.');
    throw error;
  }
}

/** Closes the event streams (shutdown). */
export async function closeQueueEvents(): Promise<void> {
  const open = [...events.values()];
  events.clear();
  await Promise.all(open.map((e) => e.close().catch(() => undefined)));
}

onCloseQueues(closeQueueEvents);
