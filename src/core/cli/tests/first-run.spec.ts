/**
 * The first run: `manage serve` on a new embedded database in development loads the demo data and prints its
 * users and passwords; a database that had data is left alone (a hint only); test and prod never load it.
 * Real server processes, on embedded databases in temporary folders.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect } from 'chai';
import { cliEnvironment, collectOutput, freePort, manage, skipOnPostgres, spawnManage, terminate, waitForStatus } from './helpers.js';

/** Starts `serve` with `env`, waits until it answers, stops it; resolves with its output. */
async function serveOnce(env: NodeJS.ProcessEnv): Promise<string> {
  const port = await freePort();
  const server: ChildProcess = spawnManage(['serve', '--port', String(port)], env);
  const output = collectOutput(server);
  try {
    await waitForStatus(`http://127.0.0.1:${port}/default/healthcheck/?liveness=true`, 200, server);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${output.text}`, { cause: error });
  } finally {
    await terminate(server);
  }
  return output.text;
}

/** The usernames in the database, through `manage shell`. */
async function usernames(env: NodeJS.ProcessEnv): Promise<string[]> {
  const run = await manage(['shell', '-c', "console.log(JSON.stringify((await User.all({ limit: 1000 })).map((u) => u.username).sort()))"], env);
  expect(run.code, run.stderr).to.equal(0);
  return JSON.parse(run.stdout) as string[];
}

describe('first run (manage.js serve on a new database)', function () {
  this.timeout(300_000); // each server start creates or opens an embedded database: seconds on a busy machine
  const dirs: string[] = [];
  const environment = (prefix: string, extra: NodeJS.ProcessEnv = {}) => {
    const made = cliEnvironment(prefix, { LOG_LEVEL: 'info', ...extra });
    dirs.push(made.dir);
    return made.env;
  };
  before(function () {
    skipOnPostgres(this);
  });
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  describe('in development', () => {
    let env: NodeJS.ProcessEnv;
    before(() => (env = environment('kit-first-run-')));

    it('a new database gets the demo data, and the output names its users with their passwords', async () => {
      const output = await serveOnce(env);
      expect(output).to.include('A new database: loaded the demo data of fixtures/demo.yaml (1 user.Permission, 1 user.Group, 5 user.User, 5 hero.Hero, 6 blog.Post).');
      expect(output).to.include('Development only: these passwords are public.');
      expect(output).to.match(/^ {2}alice {2}alice_pass {2}admin$/m);
      expect(output).to.match(/^ {2}erin {3}erin_pass {3}active$/m);
      expect(await usernames(env)).to.deep.equal(['alice', 'bob', 'carol', 'dave', 'erin']);
    });

    it('a database that had data is not loaded again and no password is printed: the output says how to load the demo', async () => {
      const seeded = await manage(['shell', '-c', "await (await User.get({ username: 'alice' })).delete(); console.log('deleted')"], env);
      expect(seeded.stdout, seeded.stderr).to.equal('deleted\n');
      const output = await serveOnce(env);
      expect(output).to.include('Demo data (development only): `npm run seed -- --names demo` loads fixtures/demo.yaml.');
      expect(output).not.to.include('A new database');
      expect(output).not.to.include('_pass');
      expect(await usernames(env)).to.deep.equal(['bob', 'carol', 'dave', 'erin']);
    });
  });

  for (const name of ['test', 'prod'] as const) {
    it(`APP_ENVIRONMENT=${name}: a new database stays empty, and nothing mentions demo data or passwords`, async () => {
      const env = environment(`kit-first-run-${name}-`, { APP_ENVIRONMENT: name, SECRET_KEY: 'a-long-enough-secret-key-for-prod' });
      const output = await serveOnce(env);
      expect(output).not.to.match(/demo|_pass/i);
      expect(await usernames(env)).to.deep.equal([]);
    });
  }
});
