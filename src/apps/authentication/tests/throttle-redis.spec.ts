import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { TooManyRequests } from '../../../core/errors/index.js';
import { closeRedis, getRedis } from '../../../core/redis.js';
import { resetSettings } from '../../../settings/index.js';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess, resetLoginThrottle } from '../services/throttle.js';

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
