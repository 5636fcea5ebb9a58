/**
 * A PostgreSQL outage during requests: a private server is stopped (`pg_ctl -m immediate`: connections cut, as
 * in a crash or failover) under a mixed load, then started again. Every answer during the outage is 503 with
 * Retry-After (never 401, never 500), the logs hold no values of the failed statements, and the pool recovers
 * by itself once the database is back.
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { manage, NPM_START, processEnv, startProcess, type ServerProcess } from '../e2e/support.js';
import { login, PrivatePostgres, request, Tally, until, type Outcome } from './support.js';

const OUTAGE_DETAIL = JSON.stringify({ detail: 'Service unavailable: the database is not reachable.' });

describe('faults: PostgreSQL stops and starts during requests', function () {
  this.timeout(240_000);
  let pg: PrivatePostgres;
  let server: ServerProcess;
  // The whole output (ServerProcess keeps only its tail): every line is checked for leaked values.
  let log = '';

  before(async function () {
    // The private cluster runs as the `postgres` system user (initdb refuses root): starting it needs root.
    if (process.getuid?.() !== 0) this.skip();
    pg = await PrivatePostgres.create();
    const env = processEnv(pg.url, { LOG_LEVEL: 'info' });
    const seeded = await manage(['seed'], env);
    expect(seeded.code, seeded.stderr).to.equal(0);
    server = await startProcess(NPM_START, env);
    for (const stream of [server.child.stdout, server.child.stderr]) stream?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await server.ready();
  });
  afterEach(function () {
    // The server's errors (not its request lines) say why a test failed.
    if (this.currentTest?.state === 'failed' && server) console.error(`--- server errors ---\n${log.split('\n').filter((l) => /unhandled error|server error|"statusCode":500/.test(l)).slice(0, 5).join('\n')}`);
  });
  after(async () => {
    if (server?.running) await server.stop();
    await pg?.destroy();
  });

  it('answers 503 with Retry-After while it is down, logs no values, and recovers by itself', async () => {
    const { token } = await login(server.baseUrl, 'admin', 'admin');
    expect(token).to.be.a('string');
    const tokenHash = createHash('sha256').update(token!).digest('hex');
    const marker = `Secret-${Date.now()}`;
    const auth = { Authorization: `Bearer ${token}` };
    const phase = { name: 'before' as 'before' | 'outage' | 'after' };
    const tallies = { before: new Tally(), outage: new Tally(), after: new Tally() };
    const outageAnswers: Outcome[] = [];
    const bad: Array<{ phase: string; outcome: Outcome }> = [];
    let running = true;

    // Anonymous reads, authenticated reads and authenticated writes (whose values must not reach the log).
    const calls = [
      () => request(`${server.baseUrl}/api/heroes/`),
      () => request(`${server.baseUrl}/api/users/permissions/`, { headers: auth }),
      () => request(`${server.baseUrl}/api/heroes/`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: marker, secret_name: marker }) }),
    ];
    const worker = async (index: number) => {
      for (let i = index; running; i++) {
        const current = phase.name;
        const outcome = await calls[i % calls.length]!();
        tallies[current].add(outcome);
        if (outcome.status === 503) outageAnswers.push(outcome);
        const ok = outcome.status !== undefined && outcome.status < 300;
        if (!ok && (current !== 'outage' || outcome.status !== 503)) bad.push({ phase: current, outcome });
      }
    };
    const workers = Array.from({ length: 6 }, (_, i) => worker(i));
    await new Promise((resolve) => setTimeout(resolve, 1500));

    phase.name = 'outage';
    await pg.stop('immediate');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await pg.start();
    // Recovery: from the moment PostgreSQL accepts connections to the first authenticated read that succeeds.
    const recoveryMs = await until(async () => (await calls[1]!()).status === 200, 30_000, 'recovery after PostgreSQL came back');
    phase.name = 'after';
    await new Promise((resolve) => setTimeout(resolve, 1500));
    running = false;
    await Promise.all(workers);

    const figures = { before: tallies.before.counts, outage: tallies.outage.counts, after: tallies.after.counts, recoveryMs: Math.round(recoveryMs) };
    console.log(`      figures: ${JSON.stringify(figures)}`);
    // Answers that crossed a phase boundary are allowed to be 503 (sent just before the stop or the recovery).
    expect(bad.filter((b) => b.outcome.status !== 503), JSON.stringify(bad.slice(0, 5))).to.deep.equal([]);
    expect(tallies.outage.count('503')).to.be.greaterThan(0);
    expect(tallies.outage.count('401') + tallies.outage.count('500')).to.equal(0);
    for (const answer of outageAnswers) {
      expect(answer.body).to.equal(OUTAGE_DETAIL);
      expect(Number(answer.headers!['retry-after'])).to.be.greaterThan(0);
    }
    expect(tallies.after.total).to.be.greaterThan(0);
    expect(tallies.after.total - (tallies.after.count('200') + tallies.after.count('201'))).to.equal(0);
    // The failed statements' values (a hero's name, the token's hash) are not in the log; their shape is.
    expect(log).to.include('database unavailable');
    expect(log).to.not.include(marker);
    expect(log).to.not.include(tokenHash);
  });
});
