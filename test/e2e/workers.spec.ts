/**
 * End to end: `manage serve --workers 2` on PostgreSQL: the primary applies the migrations once, two worker
 * processes share the port, and SIGTERM stops them all gracefully.
 */
import { expect } from 'chai';
import { createDatabase, processEnv, startProcess, type ServerProcess, type TestDatabase } from './support.js';

describe('end to end: serve --workers (Node cluster), on PostgreSQL', function () {
  this.timeout(180_000);

  let db: TestDatabase;
  let server: ServerProcess;

  before(async () => {
    db = await createDatabase();
    server = await startProcess(['dist/src/manage.js', 'serve', '--workers', '2'], processEnv(db.url, { LOG_LEVEL: 'info' }));
    await server.ready();
    // Ready means one worker listens; the other may still be starting.
    await server.outputMatches(/listening on http/g, 2);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && server) console.error(`--- server output ---\n${server.log}`);
  });

  after(async () => {
    if (server?.running) await server.stop();
    await db?.drop();
  });

  it('migrates once in the primary, then serves from two workers', async () => {
    // The primary printed each migration it applied; the workers applied none (they log no "applied migrations").
    expect(server.log).to.match(/Applied Migration\d+_initial/);
    expect(server.log).not.to.include('applied migrations');
    expect(server.log.match(/listening on http/g)).to.have.length(2);
    const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(`${server.baseUrl}/api/heroes/`).then((r) => r.status)));
    expect(answers).to.deep.equal(Array(10).fill(200));
  });

  it('stops every worker on SIGTERM and exits 0', async () => {
    expect(await server.stop()).to.equal(0);
    expect(server.log.match(/SIGTERM: stopping; finishing requests in flight/g)).to.have.length(2);
  });
});
