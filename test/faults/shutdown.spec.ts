/**
 * SIGTERM under keep-alive load: many clients, each on its own keep-alive connection, keep sending requests to
 * the real server process when it is told to stop. None of them may see a reset (a client cannot know whether a
 * reset POST was applied): answers after the signal say `Connection: close`, new connections are refused, and
 * the process exits 0.
 */
import http from 'node:http';
import { expect } from 'chai';
import { createDatabase, manage, NPM_START, processEnv, startProcess, type ServerProcess, type TestDatabase } from '../e2e/support.js';
import { request, Tally } from './support.js';

const CLIENTS = 40;

describe('faults: SIGTERM under keep-alive load', function () {
  this.timeout(240_000);
  let db: TestDatabase;
  let server: ServerProcess;

  before(async () => {
    db = await createDatabase();
    const env = processEnv(db.url);
    const seeded = await manage(['seed'], env);
    expect(seeded.code, seeded.stderr).to.equal(0);
    server = await startProcess(NPM_START, env);
    await server.ready();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed' && server) console.error(`--- server output ---\n${server.log}`);
  });
  after(async () => {
    if (server?.running) await server.stop();
    await db?.drop();
  });

  it('answers every request sent on an open connection, resets none, refuses new ones and exits 0', async () => {
    const tally = new Tally();
    let closeAnswers = 0;
    let signalled = false;
    let afterSignal = 0;
    const client = async (index: number) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = 0; ; i++) {
          // Reads and registrations (writes), with short pauses so some connections sit idle when the signal comes.
          const outcome = i % 4 === 3
            ? await request(`${server.baseUrl}/api/users/`, {
              method: 'POST', agent, headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ username: `c${index}-${i}`, first_name: 'K', last_name: 'A', password: 'keep-alive-1' }),
            })
            : await request(`${server.baseUrl}/api/heroes/`, { agent });
          tally.add(outcome);
          if (signalled && outcome.status !== undefined) afterSignal++;
          if (outcome.headers?.connection === 'close') closeAnswers++;
          if (outcome.error === 'ECONNREFUSED') return;
          if (outcome.error) continue;
          await new Promise((resolve) => setTimeout(resolve, (index * 37 + i * 53) % 300));
        }
      } finally {
        agent.destroy();
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    signalled = true;
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    await Promise.all(clients);
    const code = await exited;

    const resets = tally.count('ECONNRESET') + tally.count('EPIPE');
    console.log(`      figures: ${JSON.stringify({ clients: CLIENTS, ...tally.counts, answeredAfterSignal: afterSignal, connectionClose: closeAnswers, resets, exit: code })}`);
    expect(resets).to.equal(0);
    expect(tally.count('500')).to.equal(0);
    expect(closeAnswers).to.be.greaterThan(0);
    expect(tally.count('ECONNREFUSED')).to.equal(CLIENTS);
    expect(code).to.equal(0);
  });
});
