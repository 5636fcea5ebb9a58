/**
 * What the production server (`node dist/src/server.js`) loads to serve its first requests: not the migrator
 * when the database is up to date, not BullMQ or ioredis without REDIS_URL, not jsonwebtoken before a token.
 * Each of those loads when it is first used.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { freePort } from '../../testing/processes.js';
import { projectRoot } from '../../../settings/index.js';

/** A module preloaded into the server: answers a message with the files of the CommonJS modules loaded so far. */
const PROBE = `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('message', () => process.send(Object.keys(cache)));
process.channel?.unref();
`;

/** The packages a first anonymous GET does not need. */
const NOT_AT_START = ['@mikro-orm/migrations', 'umzug', 'bullmq', 'ioredis', 'jsonwebtoken'];

/** The packages whose code is among `files` (MikroORM reads every @mikro-orm package.json to check versions). */
function packagesIn(files: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const file of files) {
    if (file.endsWith('.json')) continue;
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (match) found.add(match[1]!);
  }
  return found;
}

describe('the production server start', function () {
  this.timeout(120_000);
  let dir: string;
  const children: ChildProcess[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kit-start-'));
    writeFileSync(join(dir, 'probe.mjs'), PROBE);
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the server on the embedded database in `dir` (no Redis), with the probe; resolves once it answers. */
  async function start(port: number): Promise<ChildProcess> {
    const env: NodeJS.ProcessEnv = { ...process.env, APP_ENVIRONMENT: 'dev', PGLITE_DIR: join(dir, 'db'), LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const child = spawn(process.execPath, ['--import', join(dir, 'probe.mjs'), join(projectRoot, 'dist', 'src', 'server.js'), '--port', String(port)], {
      env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.push(child);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      const status = await fetch(`http://127.0.0.1:${port}/api/heroes/`).then((res) => res.status, () => 0);
      if (status === 200) return child;
      await sleep(50);
    }
  }

  async function loadedPackages(child: ChildProcess): Promise<Set<string>> {
    child.send('loaded?');
    const [files] = (await once(child, 'message')) as [string[]];
    return packagesIn(files);
  }

  async function stop(child: ChildProcess): Promise<void> {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }

  it('on an up-to-date database, serves GET /api/heroes/ without loading the migrator, BullMQ, ioredis or jsonwebtoken; the docs load on demand', async () => {
    const port = await freePort();
    // The first start migrates the new database: the migrator loads then.
    const first = await start(port);
    expect(await loadedPackages(first)).to.include('@mikro-orm/migrations');
    await stop(first);

    const second = await start(port);
    const loaded = await loadedPackages(second);
    expect(loaded).to.include('@mikro-orm/core');
    for (const name of NOT_AT_START) expect(loaded, name).to.not.include(name);
    // Lazily loaded parts still work when asked for.
    const openapi = await fetch(`http://127.0.0.1:${port}/openapi.json`);
    expect(openapi.status).to.equal(200);
    expect(((await openapi.json()) as { paths: Record<string, unknown> }).paths).to.have.property('/api/heroes/');
    await stop(second);
  });
});
