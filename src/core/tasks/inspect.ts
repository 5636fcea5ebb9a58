import { getQueue } from './queues.js';

/** A queue's job counts by state, and how many workers consume it now. */
export interface QueueSummary {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  workers: number;
}

/** A job of the failed (dead-letter) set. */
export interface FailedJob {
  queue: string;
  id: string;
  task: string;
  attempts: number;
  reason: string;
  failedAt: string | null;
  data: unknown;
}

/** A Job Scheduler of a queue. */
export interface ScheduleSummary {
  queue: string;
  id: string;
  task: string;
  cron: string | null;
  every: number | null;
  next: string | null;
}

const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : null);

/** The counts of each queue. */
export async function summarizeQueues(queues: readonly string[]): Promise<QueueSummary[]> {
  return Promise.all(
    queues.map(async (name) => {
      const queue = getQueue(name);
      const [counts, workers] = await Promise.all([
        queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'),
        queue.getWorkersCount(),
      ]);
      const n = (key: string) => counts[key] ?? 0;
      return { queue: name, waiting: n('waiting') + n('prioritized'), active: n('active'), delayed: n('delayed'), completed: n('completed'), failed: n('failed'), workers };
    }),
  );
}

/** The newest `limit` failed jobs of each queue (they stay there until retried or removed). */
export async function failedJobs(queues: readonly string[], limit = 20): Promise<FailedJob[]> {
  const out: FailedJob[] = [];
  for (const name of queues) {
    for (const job of await getQueue(name).getFailed(0, limit - 1)) {
      out.push({ queue: name, id: job.id ?? '', task: job.name, attempts: job.attemptsMade, reason: job.failedReason ?? '', failedAt: iso(job.finishedOn), data: job.data });
    }
  }
  return out;
}

/** The Job Schedulers of each queue. */
export async function listSchedules(queues: readonly string[]): Promise<ScheduleSummary[]> {
  const out: ScheduleSummary[] = [];
  for (const name of queues) {
    for (const s of await getQueue(name).getJobSchedulers()) {
      out.push({ queue: name, id: s.key, task: s.name, cron: s.pattern ?? null, every: s.every ?? null, next: iso(s.next) });
    }
  }
  return out;
}

/** A failed job cannot be retried: it does not exist or is not failed. */
export class NotRetryable extends Error {
  override name = 'NotRetryable';
}

/** Moves failed job `id` of `queue` back to waiting, with its attempts reset. */
export async function retryJob(queue: string, id: string): Promise<void> {
  const job = await getQueue(queue).getJob(id);
  if (!job) throw new NotRetryable(`No job ${id} in queue '${queue}'.`);
  const state = await job.getState();
  if (state !== 'failed') throw new NotRetryable(`Job ${id} of queue '${queue}' is ${state}, not failed.`);
  await job.retry('failed', { resetAttemptsMade: true });
}

/** Moves every failed job of `queue` back to waiting; resolves with how many there were. */
export async function retryAllFailed(queue: string): Promise<number> {
  const q = getQueue(queue);
  const count = await q.getFailedCount();
  if (count > 0) await q.retryJobs({ state: 'failed', count: 1000 });
  return count;
}
