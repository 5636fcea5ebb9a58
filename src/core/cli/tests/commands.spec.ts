/**
 * The management commands as a developer runs them: `node dist/src/manage.js <command>`, real processes on an
 * embedded database in a temporary folder, shared by the runs in order (createsuperuser, then shell, …).
 * `startapp`, `collectstatic`, `test --apps` and `serve --reload` run in a copy of the project: startapp.spec.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { discoverApps } from '../../apps.js';
import { modelOptions, registeredModels } from '../../db/index.js';
import { projectRoot } from '../../../settings/index.js';
import { cliEnvironment, collectOutput, freePort, manage, skipOnPostgres, spawnManage, terminate, waitForStatus } from './helpers.js';

/** One line on stderr, no stack. */
const oneLine = (stderr: string) => {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).to.have.length(1);
  expect(stderr).not.to.match(/\n\s+at /);
  return lines[0]!;
};

describe('management commands (manage.js)', function () {
  this.timeout(180_000); // a run takes seconds; the first one creates the database
  before(function () {
    skipOnPostgres(this);
  });

  const { dir, env } = cliEnvironment('kit-cli-');
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('the program', () => {
    it('lists every command in --help', async () => {
      const run = await manage(['--help'], env);
      expect(run.code).to.equal(0);
      for (const command of ['serve', 'migrate', 'makemigrations', 'seed|fixtures', 'permissions', 'createsuperuser', 'startapp', 'shell', 'healthcheck', 'collectstatic', 'test']) {
        expect(run.stdout).to.match(new RegExp(`^  ${command.replace('|', '\\|')} `, 'm'));
      }
      expect(run.stdout).to.include('Exit codes: 0 success, 1 failure, 2 bad usage.');
    });

    it('answers bad arguments with one line and exit code 2', async () => {
      const run = await manage(['seed', '--bogus'], env);
      expect(run.code).to.equal(2);
      expect(oneLine(run.stderr)).to.equal("Error: unknown option '--bogus' (see --help)");
      expect(run.stdout).to.equal('');
    });

    it('test refuses --apps together with paths (exit 2)', async () => {
      const run = await manage(['test', 'src/apps/hero', '--apps', 'hero'], env);
      expect(run.code).to.equal(2);
      expect(oneLine(run.stderr)).to.equal('Error: Cannot specify both --apps and test paths.');
    });
  });

  describe('the MikroORM CLI (npx mikro-orm)', () => {
    it('debug reads the compiled mikro-orm.config.js, lists the entities of the apps and connects', async () => {
      const cli = join(projectRoot, 'node_modules', '.bin', 'mikro-orm');
      const child = spawn(cli, ['debug'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const output = collectOutput(child);
      const code = await new Promise((resolve) => child.once('close', resolve));
      // eslint-disable-next-line no-control-regex -- the CLI colours its report
      const text = output.text.replace(/\u001b\[[0-9;]*m/g, '');
      expect(code, text).to.equal(0);
      expect(text).to.include(`${join(projectRoot, 'dist', 'mikro-orm.config.js')} (found)`);
      expect(text).to.include('database connection successful');
      // The apps' models and BaseTable (the test run may hold test models of its own: not the CLI).
      const count = Number(/will use `entities` array \(contains (\d+) references/.exec(text)?.[1]);
      const apps = new Set(discoverApps().map((app) => app.name));
      const appModels = registeredModels().filter((model) => apps.has(modelOptions(model).app ?? ''));
      expect(count, text).to.equal(appModels.length + 1);
    });
  });

  describe('makemigrations', () => {
    it('--check passes: the committed migrations match the models', async () => {
      const run = await manage(['makemigrations', '--check'], env);
      expect(run.stderr).to.equal('');
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal('No changes: the migrations match the models.\n');
    });

    it('refuses a name that cannot be a file and class name, writing nothing', async () => {
      const run = await manage(['makemigrations', '--name', 'add field!'], env);
      expect(run.code).to.equal(2);
      expect(oneLine(run.stderr)).to.match(/^Error: Invalid migration name 'add field!'/);
    });
  });

  describe('createsuperuser', () => {
    it('--no-input creates an admin from SUPERUSER_* variables (migrating the new database first)', async () => {
      const run = await manage(['createsuperuser', '--no-input'], { ...env, SUPERUSER_USERNAME: 'root', SUPERUSER_PASSWORD: 'root-secret', SUPERUSER_EMAIL: 'root@example.org' });
      expect(run.stderr).to.equal('');
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal("Superuser 'root' created.\n");
    });

    it('--no-input without the variables is a usage error', async () => {
      const run = await manage(['createsuperuser', '--no-input'], { ...env, SUPERUSER_USERNAME: '', SUPERUSER_PASSWORD: '' });
      expect(run.code).to.equal(2);
      expect(oneLine(run.stderr)).to.equal('Error: --no-input needs SUPERUSER_USERNAME (or --username) and SUPERUSER_PASSWORD in the environment.');
    });

    it('asks on stdin, again after a taken username, a bad email or different passwords', async () => {
      // Username (taken, then new), email (bad, then good), first name (default), last name, passwords (twice).
      const answers = ['root', 'boss', 'not-an-email', 'boss@example.org', '', 'BOSS', 'first-try', 'typo', 'boss-secret', 'boss-secret'];
      const run = await manage(['createsuperuser'], env, { input: `${answers.join('\n')}\n` });
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stderr.trimEnd().split('\n')).to.deep.equal([
        "Error: A user named 'root' already exists.",
        'Error: email: Invalid email address',
        "Error: the two passwords didn't match.",
      ]);
      expect(run.stdout).to.include('Username: ').and.include('First name [boss]: ').and.include('Password (again): ');
      expect(run.stdout).to.match(/Superuser 'boss' created\.\n$/);
      // Nothing typed is echoed back: the passwords are not in the output.
      expect(run.stdout).not.to.include('boss-secret');
    });
  });

  describe('shell and permissions', () => {
    it('shell runs code from stdin with every model in scope and top-level await', async () => {
      const code = [
        "const users = await User.filter({ role: 'admin' }, { orderBy: 'username' });",
        "console.log(users.map((u) => `${u.username}:${u.firstName}:${u.lastName}:${u.status}`).join(','));",
        "console.log(await (await User.get({ username: 'boss' })).checkPassword('boss-secret'));",
        // Take away two of the CRUD rows the migrations created, for `permissions` to put back.
        "await (await Permission.get({ name: 'update:hero' })).delete();",
        "await (await Group.get({ name: 'read:users' })).delete();",
        "console.log(await Permission.count(), await Group.count());",
      ].join('\n');
      const run = await manage(['shell'], env, { input: code });
      expect(run.stderr).to.equal('');
      expect(run.code).to.equal(0);
      const [users, password, counts] = run.stdout.trimEnd().split('\n');
      expect(users).to.equal('boss:boss:BOSS:active,root:root:Admin:active');
      expect(password).to.equal('true');
      expect(counts).to.match(/^\d+ \d+$/);
    });

    it('shell -c reports an error as one line with exit code 1', async () => {
      const run = await manage(['shell', '-c', 'await Nope.count()'], env);
      expect(run.code).to.equal(1);
      expect(oneLine(run.stderr)).to.equal('Error: Nope is not defined');
    });

    it('permissions puts back the missing CRUD permissions and groups, and is idempotent', async () => {
      const run = await manage(['permissions'], env);
      expect(run.stderr).to.equal('');
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal('hero: created permissions update:hero\nusers: created groups read:users\nCreated 1 permission(s) and 1 group(s).\n');
      const check = await manage(['shell', '-c', "console.log((await (await Group.get({ name: 'read:users' })).permissions()).map((p) => p.name).join())"], env);
      expect(check.stdout).to.equal('read:users\n');
      const again = await manage(['permissions'], env);
      expect(again.code).to.equal(0);
      expect(again.stdout).to.equal('Nothing to create: every table has its CRUD permissions and groups.\n');
    });
  });

  describe('serve and healthcheck', () => {
    let server: ChildProcess;
    let port: number;
    let output: { readonly text: string };
    before(async () => {
      port = await freePort();
      server = spawnManage(['serve', '--port', String(port)], env);
      output = collectOutput(server);
      await waitForStatus(`http://127.0.0.1:${port}/default/healthcheck/?liveness=true`, 200, server).catch((error: Error) => {
        throw new Error(`${error.message}\n${output.text}`);
      });
    });
    after(() => terminate(server));

    it('healthcheck --readiness exits 0 against the running server', async () => {
      const run = await manage(['healthcheck', '--readiness', '--port', String(port)], env);
      expect(run.stderr).to.equal('');
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal('readiness: {"status":"OK"}\n');
    });

    it('another process cannot open the embedded database the server holds', async () => {
      const run = await manage(['seed'], env);
      expect(run.code).to.equal(1);
      expect(oneLine(run.stderr)).to.match(/^Error: The embedded database in .+ is in use by process \d+ \(PGlite allows one process\)/);
    });

    it('serve stops gracefully on SIGTERM (exit code 0); healthcheck then exits 1', async () => {
      expect(await terminate(server)).to.equal(0);
      const run = await manage(['healthcheck', '--port', String(port)], env);
      expect(run.code).to.equal(1);
      expect(oneLine(run.stderr)).to.equal(`Error: Health check failed: no answer from http://127.0.0.1:${port}/default/healthcheck/?liveness=true (ECONNREFUSED).`);
    });
  });
});
