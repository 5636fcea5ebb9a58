import { Redis } from 'ioredis';
import { getSettings } from '../../settings/index.js';

let client: Redis | undefined;

/** The shared Redis client when `REDIS_URL` is set, else undefined. Connects on first use. */
export function getRedis(): Redis | undefined {
  const url = getSettings().REDIS_URL;
  if (!url) return undefined;
  client ??= new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  return client;
}

/** Closes the shared client (shutdown). */
export async function closeRedis(): Promise<void> {
  const current = client;
  client = undefined;
  if (current) await current.quit().catch(() => current.disconnect());
}
