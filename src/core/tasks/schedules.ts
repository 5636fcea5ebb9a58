import type { z } from 'zod';
import { jobOptions } from './dispatch.js';
import { getQueue } from './queues.js';
import type { Task } from './task.js';

/** When a schedule fires: a cron pattern (`*\/5 * * * *`, in `tz`, default UTC) or every N milliseconds. */
export type ScheduleWhen = { cron: string; tz?: string } | { every: number };

/** A declared schedule: `id` is its BullMQ Job Scheduler id. */
export interface Schedule {
  id: string;
  task: Task;
  when: ScheduleWhen;
  data: unknown;
}

const schedules = new Map<string, Schedule>();

/**
 * Declares that `task` runs on a schedule, with `data` (validated now). `manage worker` upserts every declared
 * schedule as a BullMQ Job Scheduler when it starts (idempotent, so several workers may) and removes the
 * schedulers of its queues that the code no longer declares. Schedules need the queue (REDIS_URL): eager mode
 * has no clock.
 * @example schedule('core.liveness-every-5-minutes', liveness, { cron: '*\/5 * * * *' }, {});
 */
export function schedule<S extends z.ZodType, R>(id: string, task: Task<S, R>, when: ScheduleWhen, data: z.input<S>): Schedule {
  if (schedules.has(id)) throw new Error(`Schedule '${id}' is declared twice.`);
  if ('every' in when && (!Number.isInteger(when.every) || when.every < 1000)) throw new Error(`Schedule '${id}': every must be at least 1000 ms.`);
  task.parse(data);
  const declared: Schedule = { id, task, when, data };
  schedules.set(id, declared);
  return declared;
}

/** Every declared schedule. */
export function registeredSchedules(): Schedule[] {
  return [...schedules.values()];
}

/** Upserts the declared schedules of `queues` as Job Schedulers and removes the undeclared ones of those queues. */
export async function syncSchedules(queues: readonly string[]): Promise<{ upserted: string[]; removed: string[] }> {
  const upserted: string[] = [];
  const removed: string[] = [];
  for (const name of queues) {
    const queue = getQueue(name);
    const declared = registeredSchedules().filter((s) => s.task.queue === name);
    for (const s of declared) {
      const repeat = 'cron' in s.when ? { pattern: s.when.cron, tz: s.when.tz ?? 'UTC' } : { every: s.when.every };
      const { attempts, backoff, removeOnComplete, removeOnFail } = jobOptions(s.task);
      await queue.upsertJobScheduler(s.id, repeat, { name: s.task.name, data: s.data, opts: { attempts, backoff, removeOnComplete, removeOnFail } });
      upserted.push(s.id);
    }
    const ids = new Set(declared.map((s) => s.id));
    for (const existing of await queue.getJobSchedulers()) {
      if (!ids.has(existing.key)) {
        await queue.removeJobScheduler(existing.key);
        removed.push(existing.key);
      }
    }
  }
  return { upserted, removed };
}
