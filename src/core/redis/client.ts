import type * as IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import { lazyRequire } from '../lazy-require.js';
import { getLogger } from '../logging/index.js';
import { getSettings } from '../../settings/index.js';

/** Loaded with the first client: without REDIS_URL ioredis is never loaded. */
const ioredis = lazyRequire<typeof IORedis>('ioredis');

let client: Redis | undefined;

/** Longest pause between reconnection attempts: Redis coming back is noticed within this. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * The shared Redis client when `REDIS_URL` is set, else undefined. It connects at once and keeps reconnecting
 * (every 2 s at most) while Redis is down; a command never waits longer than REDIS_COMMAND_TIMEOUT_MS, queued
 * while disconnected included, so callers fail fast and can fall back (login throttling uses an in-process
 * limiter; readiness answers 503) instead of hanging.
 */
export function getRedis(): Redis | undefined {
  const settings = getSettings();
  const url = settings.REDIS_URL;
  if (!url) return undefined;
  if (client) return client;
  const timeout = settings.REDIS_COMMAND_TIMEOUT_MS;
  const created = new (ioredis().Redis)(url, {
    lazyConnect: true,
    connectTimeout: Math.max(timeout, 1000),
    commandTimeout: timeout,
    // A queued command is dropped at the first failed reconnection; commandTimeout bounds the wait before that.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
  });
  let down = false;
  // Without an 'error' listener ioredis prints every failed reconnection; say it once per outage instead.
  created.on('error', (error: Error) => {
    if (down) return;
    down = true;
    getLogger().warn(`Redis is not reachable (${error.message}); retrying in the background`);
  });
  created.on('ready', () => {
    if (!down) return;
    down = false;
    getLogger().info('Redis is reachable again');
  });
  created.connect().catch(() => undefined);
  client = created;
  return client;
}

/** True when the shared client is connected and ready for commands (false without REDIS_URL). */
export function isRedisReady(): boolean {
  return client?.status === 'ready';
}

/** Closes the shared client (shutdown). */
export async function closeRedis(): Promise<void> {
  const current = client;
  client = undefined;
  if (!current) return;
  if (current.status === 'ready') await current.quit().catch(() => current.disconnect());
  else current.disconnect();
}
