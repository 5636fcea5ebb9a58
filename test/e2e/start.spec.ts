/**
 * `npm start` (src/start.ts) never runs a bundle older than dist/: after a build that did not bundle (`npm run
 * serve`, `npm test`), it says so and serves from the compiled modules. The suite makes the bundle look older
 * than the last build, then puts its time back. (api.spec.ts checks that a current bundle is the one run.)
 */
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../src/settings/paths.js';
import { createDatabase, NPM_START, processEnv, startProcess, STARTED_WITHOUT_BUNDLE, type ServerProcess, type TestDatabase } from './support.js';

describe('end to end: npm start with a bundle older than dist/', function () {
  this.timeout(120_000);

  const bundle = join(projectRoot, 'dist', 'server.bundle.cjs');
  const stamp = join(projectRoot, 'dist', '.build-stamp');
  let db: TestDatabase;
  let server: ServerProcess | undefined;
  let bundleTimes: { atime: Date; mtime: Date } | undefined;

  before(async function () {
    const bundleStat = statSync(bundle, { throwIfNoEntry: false });
    if (!bundleStat) throw new Error('run `npm run build` first: it makes dist/server.bundle.cjs');
    bundleTimes = { atime: bundleStat.atime, mtime: bundleStat.mtime };
    db = await createDatabase();
  });

  after(async () => {
    if (server?.running) await server.stop();
    if (bundleTimes) utimesSync(bundle, bundleTimes.atime, bundleTimes.mtime);
    await db?.drop();
  });

  it('says the bundle is older than dist/ and serves from the compiled modules', async () => {
    const built = statSync(stamp).mtime;
    utimesSync(bundle, built, new Date(built.getTime() - 60_000));
    server = await startProcess(NPM_START, processEnv(db.url), { allowModules: true });
    await server.ready();
    expect(server.log).to.match(STARTED_WITHOUT_BUNDLE);
    expect(server.log).to.include('dist/server.bundle.cjs is older than dist/');
    const heroes = await fetch(`${server.baseUrl}/api/heroes/`);
    expect(heroes.status).to.equal(200);
    expect(await heroes.json()).to.be.an('array');
  });
});
