/**
 * Redis stopped during logins: a private `redis-server` behind the real server process (REDIS_URL). While it is
 * down, logins work (throttling falls back to an in-process limiter, and says so once), authenticated
 * requests keep working, readiness is 503; once it is back, readiness is 200 and throttling is in Redis again.
 */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { createDatabase, manage, NPM_START, processEnv, startProcess, type ServerProcess, type TestDatabase } from '../e2e/support.js';
import { login, PrivateRedis, request, until } from './support.js';

describe('faults: Redis stops during logins', function () {
  this.timeout(240_000);
  let db: TestDatabase;
  let redis: PrivateRedis;
  let server: ServerProcess;
  let log = '';
  const ready = async () => (await request(`${server.baseUrl}/default/healthcheck/?readiness=true`)).status;

  before(async () => {
    db = await createDatabase();
    redis = await PrivateRedis.create();
    const env = { ...processEnv(db.url, { LOG_LEVEL: 'info' }), REDIS_URL: redis.url(4) };
    const seeded = await manage(['seed'], env);
    expect(seeded.code, seeded.stderr).to.equal(0);
    server = await startProcess(NPM_START, env);
    for (const stream of [server.child.stdout, server.child.stderr]) stream?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await server.ready();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed' && server) console.error(`--- server output ---\n${server.log}`);
  });
  after(async () => {
    if (server?.running) await server.stop();
    await redis?.stop();
    await db?.drop();
  });

  it('logs in while Redis is down (the in-process limiter takes over), keeps authenticated requests working, and returns to Redis', async () => {
    const before = await login(server.baseUrl, 'admin', 'admin');
    expect(before.status).to.equal(200);
    const failed = await login(server.baseUrl, 'admin', 'wrong');
    expect(failed.status).to.equal(400);
    const direct = new Redis(redis.url(4), { lazyConnect: true });
    await direct.connect();
    expect(await direct.keys('login-failures*')).to.have.length.greaterThan(0);
    direct.disconnect();

    await redis.stop();
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const outcome = await login(server.baseUrl, 'admin', 'admin');
      expect(outcome.status, outcome.body).to.equal(200);
      latencies.push(outcome.ms);
    }
    // Failed logins are still counted (in the process): the sixth for one username is refused.
    for (let i = 0; i < 5; i++) expect((await login(server.baseUrl, 'nobody', `wrong-${i}`)).status).to.equal(400);
    const blocked = await login(server.baseUrl, 'nobody', 'wrong-again');
    expect(blocked.status).to.equal(429);
    const authed = await request(`${server.baseUrl}/api/users/permissions/`, { headers: { Authorization: `Bearer ${before.token}` } });
    expect(authed.status).to.equal(200);
    expect(await ready()).to.equal(503);
    // Printed, not asserted (tests assert behaviour, not time): the fallback is proven by the log line and the 429.
    console.log(`      login latency with Redis down (ms): ${latencies.map((ms) => Math.round(ms)).join(', ')}`);
    // The server writes its log in batches, at the latest every 250 ms: wait for the line to arrive.
    await server.outputMatches(/login throttling falls back/g, 1, 5_000);
    expect(log.match(/login throttling falls back to an in-process limiter/g)).to.have.length(1);

    await redis.start();
    const backMs = await until(async () => (await ready()) === 200, 30_000, 'readiness after Redis came back');
    console.log(`      readiness back ${Math.round(backMs)} ms after Redis started`);
    expect((await login(server.baseUrl, 'returned', 'wrong')).status).to.equal(400);
    const again = new Redis(redis.url(4), { lazyConnect: true });
    await again.connect();
    // The new Redis is empty (no persistence): the key written now proves throttling is back on it.
    expect(await again.keys('login-failures:user:returned')).to.have.length(1);
    again.disconnect();
  });
});
