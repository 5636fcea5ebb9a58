import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { z } from 'zod';
import { ServiceUnavailable } from '../errors/index.js';
import { currentEm, isDatabaseReady } from '../db/index.js';
import { getRedis } from '../redis/index.js';
import { summarizeQueues, taskQueues, tasksMode } from '../tasks/index.js';
import { Controller, Query, Res, route } from './decorators.js';

const HealthQuery = z.object({
  liveness: z.stringbool().optional(),
  readiness: z.stringbool().optional(),
});
const SecretQuery = z.object({ length: z.coerce.number().int().min(16).max(1024).default(65) });
const QueueReport = z.object({
  queue: z.string(),
  waiting: z.number().int(),
  active: z.number().int(),
  delayed: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  workers: z.number().int(),
});
const Status = z
  .object({ status: z.literal('OK'), queues: z.array(QueueReport).optional().describe('readiness with REDIS_URL: each task queue\'s counts and workers') })
  .openapi('HealthStatus');

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The original's "Default" endpoints: health checks and a secret generator. */
@Controller('/default', { tags: ['Default'] })
export class DefaultController {
  /** Liveness answers if the process serves requests; readiness also checks the database and Redis. */
  @route.get('/healthcheck/', { name: 'health-check', response: Status, responses: { 503: 'Not ready, or no check asked' } })
  async healthcheck(@Query(HealthQuery) query: z.infer<typeof HealthQuery>) {
    if (query.readiness) {
      try {
        if (!isDatabaseReady()) throw new Error('database not initialised');
        await withTimeout(currentEm().execute('select 1'), 2000, 'database');
        const redis = getRedis();
        if (redis) await withTimeout(redis.ping(), 2000, 'redis');
        // The task queues answer too (their own connection); their counts and workers are reported, not judged:
        // a replica stays ready while no worker runs, so a stopped worker does not take the API down.
        if (tasksMode() === 'queued') return { status: 'OK' as const, queues: await withTimeout(summarizeQueues(taskQueues()), 2000, 'task queues') };
      } catch {
        throw new ServiceUnavailable({ status: 'KO' });
      }
      return { status: 'OK' as const };
    }
    if (query.liveness) return { status: 'OK' as const };
    throw new ServiceUnavailable({ status: 'KO' });
  }

  /** A random URL-safe secret (e.g. for SECRET_KEY): `length` random bytes, base64url. */
  @route.get('/', { name: 'secret-key', response: z.object({ secret: z.string() }) })
  secret(@Query(SecretQuery) query: z.infer<typeof SecretQuery>) {
    return { secret: randomBytes(query.length).toString('base64url') };
  }
}

let homePath = '/docs';

/** Where `/` sends browsers: the API docs unless an app installs its page (the chat app: `/web/chat/`). */
export function setHomePath(path: string): void {
  homePath = path;
}

/** `/` sends browsers to the site's front page (308, as the original). */
@Controller('')
export class RootController {
  @route.get('/', { name: 'redirect', status: 308, summary: 'Redirect to the front page (the chat, else the docs)' })
  redirect(@Res() res: Response) {
    res.redirect(308, homePath);
  }
}
