import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequests } from '../../../core/errors/index.js';
import { getLogger } from '../../../core/logging/index.js';
import { getRedis, isRedisReady } from '../../../core/redis/index.js';
import { getSettings } from '../../../settings/index.js';

/** The two counters of failed logins: per username (strict) and per client address (much higher). */
interface Limiters {
  username: RateLimiterAbstract;
  address: RateLimiterAbstract;
}
let limiters: Limiters | undefined;
const watched = new WeakSet<object>();
/** The in-process insurance of each Redis limiter. */
const insurances = new WeakMap<RateLimiterAbstract, RateLimiterMemory>();

/** Says once per outage that throttling went in-process (and not again until Redis has come back). */
function watchRedis(redis: NonNullable<ReturnType<typeof getRedis>>): void {
  if (watched.has(redis)) return;
  watched.add(redis);
  let warned = false;
  redis.on('error', () => {
    if (warned) return;
    warned = true;
    getLogger().warn('login throttling falls back to an in-process limiter while Redis is down');
  });
  redis.on('ready', () => {
    if (warned) getLogger().info('login throttling is back on Redis');
    warned = false;
  });
}

/**
 * One counter: in Redis when REDIS_URL is set (shared by every replica), with an in-process insurance limiter
 * that answers at once while Redis is not ready (rate-limiter-flexible's `insuranceLimiter`), so a Redis outage
 * slows no login down; else in this process only.
 */
function makeLimiter(keyPrefix: string, points: number): RateLimiterAbstract {
  const options = { keyPrefix, points, duration: getSettings().LOGIN_THROTTLE_MINUTES * 60 };
  const redis = getRedis();
  if (!redis) return new RateLimiterMemory(options);
  watchRedis(redis);
  const insurance = new RateLimiterMemory(options);
  const limiter = new RateLimiterRedis({ storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: insurance, ...options });
  insurances.set(limiter, insurance);
  return limiter;
}

/**
 * Deletes a key. rate-limiter-flexible checks readiness for reads and writes but not for deletes, which would
 * wait for Redis (REDIS_COMMAND_TIMEOUT_MS) before falling back: while Redis is not ready, go to the insurance.
 */
function deleteKey(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  const insurance = insurances.get(limiter);
  return insurance && !isRedisReady() ? insurance.delete(key) : limiter.delete(key);
}

function failures(): Limiters {
  if (limiters) return limiters;
  const settings = getSettings();
  limiters = {
    username: makeLimiter('login-failures', settings.LOGIN_MAX_FAILURES),
    address: makeLimiter('login-failures-address', settings.LOGIN_MAX_FAILURES_PER_ADDRESS),
  };
  return limiters;
}

const usernameKey = (username: string) => `user:${username.toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;

/** Refuses a login attempt when the username or the address has used up its failures: 429 with Retry-After. */
export async function assertLoginAllowed(username: string, ip: string): Promise<void> {
  const settings = getSettings();
  const { username: byUser, address: byAddress } = failures();
  const [user, address] = await Promise.all([byUser.get(usernameKey(username)), byAddress.get(addressKey(ip))]);
  const blocked = [
    user && user.consumedPoints >= settings.LOGIN_MAX_FAILURES ? user : null,
    address && address.consumedPoints >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS ? address : null,
  ].filter((s): s is RateLimiterRes => s !== null);
  if (blocked.length > 0) {
    const wait = Math.max(1, ...blocked.map((s) => Math.ceil(s.msBeforeNext / 1000)));
    throw new TooManyRequests(`Too many failed login attempts. Try again in ${wait} seconds.`, wait);
  }
}

/** Counts a failed attempt against the username and the address. */
export async function recordLoginFailure(username: string, ip: string): Promise<void> {
  const { username: byUser, address: byAddress } = failures();
  await Promise.all([byUser.penalty(usernameKey(username), 1), byAddress.penalty(addressKey(ip), 1)]);
}

/** A successful login clears the username's failures (the address's stay: they count attempts on any user). */
export async function recordLoginSuccess(username: string): Promise<void> {
  await deleteKey(failures().username, usernameKey(username));
}

/**
 * Forgets failures (`manage throttle reset`): one username's, or every username's and address's. Returns how
 * many counters were deleted where that is known (Redis), else undefined.
 */
export async function clearLoginFailures(options: { username?: string } = {}): Promise<number | undefined> {
  const redis = getRedis();
  if (options.username !== undefined) {
    const deleted = await deleteKey(failures().username, usernameKey(options.username));
    return deleted ? 1 : 0;
  }
  if (!redis) {
    resetLoginThrottle();
    return undefined;
  }
  let deleted = 0;
  for (const prefix of ['login-failures:', 'login-failures-address:']) {
    // The client's own keyPrefix (REDIS_URL has none) is not added by SCAN: match the limiter's keys as stored.
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) deleted += await redis.del(...keys);
    }
  }
  resetLoginThrottle();
  return deleted;
}

/** Forgets every in-process failure (tests; a new limiter pair is made on next use). */
export function resetLoginThrottle(): void {
  limiters = undefined;
}
