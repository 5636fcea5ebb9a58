import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { TooManyRequests } from '../../../core/errors/index.js';
import { closeRedis, getRedis } from '../../../core/redis/index.js';
import { resetSettings } from '../../../settings/index.js';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess, resetLoginThrottle } from '../services/throttle.js';
import { manage } from '../../../core/testing/index.js';

// Replicas share login throttling through Redis: the real Redis of the machine (127.0.0.1:6379).
describe('login throttling in Redis (REDIS_URL)', function () {
  this.timeout(20_000);
  const previous = process.env.REDIS_URL;

  before(() => {
    process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
    resetSettings();
    resetLoginThrottle();
  });
  // The client connects in the background; until it is ready the limiter answers from its in-process insurance.
  before(async () => {
    await getRedis()!.ping();
  });
  after(async () => {
    await closeRedis();
    if (previous === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = previous;
    resetSettings();
    resetLoginThrottle();
  });

  it('keeps failures in Redis and refuses the sixth attempt with a Retry-After', async () => {
    const username = `u-${randomUUID()}`;
    const ip = `ip-${randomUUID()}`;
    for (let i = 0; i < 5; i++) {
      await assertLoginAllowed(username, ip);
      await recordLoginFailure(username, ip);
    }
    const keys = await getRedis()!.keys(`*${username.toLowerCase()}*`);
    expect(keys.length).to.equal(1);
    let error: unknown;
    try { await assertLoginAllowed(username, `other-${ip}`); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(TooManyRequests);
    expect((error as TooManyRequests).retryAfter).to.be.greaterThan(0);
    await recordLoginSuccess(username);
    // The username's failures are cleared; the address's still count (against its own, higher limit).
    await assertLoginAllowed(username, `third-${ip}`);
    expect(await getRedis()!.keys(`*${username.toLowerCase()}*`)).to.deep.equal([]);
    expect(Number(await getRedis()!.get(`login-failures-address:ip:${ip}`))).to.equal(5);
  });
});

describe('manage throttle reset', function () {
  this.timeout(60_000);
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
  const env = (redis?: string) => {
    const e: NodeJS.ProcessEnv = { ...process.env, APP_ENVIRONMENT: 'test' };
    if (redis) e.REDIS_URL = redis;
    else delete e.REDIS_URL;
    return e;
  };

  it("forgets one username's failures, then every counter, in the Redis the servers share", async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(url);
    try {
      await redis.set('login-failures:user:bob', '5');
      await redis.set('login-failures-address:ip:10.0.0.9', '7');
      const one = await manage(['throttle', 'reset', '--username', 'bob'], env(url));
      expect(one.code, one.stderr).to.equal(0);
      expect(one.stdout).to.include("Cleared the failed logins of 'bob'.");
      expect(await redis.get('login-failures-address:ip:10.0.0.9')).to.equal('7');
      expect(await redis.get('login-failures:user:bob')).to.equal(null);
      const all = await manage(['throttle', 'reset'], env(url));
      expect(all.code, all.stderr).to.equal(0);
      expect(all.stdout).to.match(/Cleared \d+ login throttle counters\./);
      expect(await redis.get('login-failures-address:ip:10.0.0.9')).to.equal(null);
    } finally {
      redis.disconnect();
    }
  });

  it('says where the counters live when REDIS_URL is not set, and that a restart forgets them', async () => {
    const run = await manage(['throttle', 'reset'], env());
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('REDIS_URL is not set');
  });
});
