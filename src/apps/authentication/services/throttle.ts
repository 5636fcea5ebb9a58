import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequests } from '../../../core/errors/index.js';
import { getRedis } from '../../../core/redis/index.js';
import { getSettings } from '../../../settings/index.js';

let limiter: RateLimiterAbstract | undefined;

/** Failed logins per key: in Redis when REDIS_URL is set (shared by every replica), else in this process. */
function failures(): RateLimiterAbstract {
  if (limiter) return limiter;
  const settings = getSettings();
  const options = { keyPrefix: 'login-failures', points: settings.LOGIN_MAX_FAILURES, duration: settings.LOGIN_THROTTLE_MINUTES * 60 };
  const redis = getRedis();
  limiter = redis ? new RateLimiterRedis({ storeClient: redis, ...options }) : new RateLimiterMemory(options);
  return limiter;
}

const keys = (username: string, ip: string) => [`user:${username.toLowerCase()}`, `ip:${ip}`];

/** Refuses a login attempt when the username or the IP has used up its failures: 429 with Retry-After. */
export async function assertLoginAllowed(username: string, ip: string): Promise<void> {
  const max = getSettings().LOGIN_MAX_FAILURES;
  const states = await Promise.all(keys(username, ip).map((key) => failures().get(key)));
  const blocked = states.filter((s): s is RateLimiterRes => s !== null && s.consumedPoints >= max);
  if (blocked.length > 0) {
    const wait = Math.max(...blocked.map((s) => Math.ceil(s.msBeforeNext / 1000)));
    throw new TooManyRequests(`Too many failed login attempts. Try again in ${wait} seconds.`, wait);
  }
}

/** Counts a failed attempt against the username and the IP. */
export async function recordLoginFailure(username: string, ip: string): Promise<void> {
  await Promise.all(keys(username, ip).map((key) => failures().penalty(key, 1)));
}

/** A successful login clears the username's failures (the IP's stay: they count attempts on any user). */
export async function recordLoginSuccess(username: string): Promise<void> {
  await failures().delete(keys(username, '')[0]!);
}

/** Forgets every failure (tests; in-memory limiter only: a new one is made). */
export function resetLoginThrottle(): void {
  limiter = undefined;
}
