/**
 * `startapp`, and what a developer does next, in a copy of the project (the real one is left alone): the new
 * app's migration, its tests (`manage test --apps`), its fixtures and command, `collectstatic`, and
 * `serve --reload` picking up an edit. The copy is compiled more than once: this suite takes minutes.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { cliEnvironment, collectOutput, copyProject, freePort, manage, skipOnPostgres, spawnManage, terminate, waitForStatus } from './helpers.js';

describe('startapp and the new app (in a copy of the project)', function () {
  this.timeout(600_000); // startapp compiles the project; serve --reload compiles it again in watch mode

  // A name no project is likely to have (a copy of a project that ran `startapp blog2` still works), with an
  // underscore to exercise the derived names: model StartappProbe, files and URL startapp-probe.
  const APP = 'startapp_probe';
  const { dir, env } = cliEnvironment('kit-project-');
  const root = join(dir, 'project');
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => manage(args, { ...env, ...extra }, { root });
  let reloading: ChildProcess | undefined;

  before(function () {
    skipOnPostgres(this);
    copyProject(root);
  });

  after(async () => {
    if (reloading) await terminate(reloading);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad app name with one line and exit code 2', async () => {
    const bad = await run(['startapp', 'Blog-2']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/^Error: Invalid app name 'Blog-2': lower-case letters, digits and single underscores, starting with a letter \(40 at most\)\.\n$/);
    expect(existsSync(join(root, 'src', 'apps', 'Blog-2'))).to.equal(false);
  });

  it('writes a working app, compiles the project and writes the app\'s migration', async () => {
    const created = await run(['startapp', APP]);
    expect(created.code, created.stderr + created.stdout).to.equal(0);
    const files = ['models/startapp-probe.ts', 'models/schemas.ts', 'models/index.ts', 'routers/startapp-probe.ts', 'routers/index.ts', 'commands/index.ts'];
    for (const file of [...files, `fixtures/initial-${APP}.yaml`, `fixtures/test/${APP}.yaml`, 'tests/startapp-probe.spec.ts']) {
      expect(created.stdout).to.include(`Created src/apps/${APP}/${file}\n`);
      expect(existsSync(join(root, 'src', 'apps', APP, file)), file).to.equal(true);
    }
    const migration = readdirSync(join(root, 'src', 'migrations')).find((f) => new RegExp(`^Migration\\d+_${APP}\\.ts$`).test(f));
    expect(migration, created.stdout).to.be.a('string');
    expect(created.stdout).to.include(`Created src/migrations/${migration}\n`);
    expect(readFileSync(join(root, 'src', 'migrations', migration!), 'utf8')).to.include(`create table "${APP}"`);
    expect(readFileSync(join(root, 'src', 'migrations', 'index.ts'), 'utf8')).to.include(`import('./${migration!.replace('.ts', '.js')}')`);
  });

  it('refuses an app that exists', async () => {
    const again = await run(['startapp', APP]);
    expect(again.code).to.equal(2);
    expect(again.stderr).to.equal(`Error: src/apps/${APP} already exists.\n`);
  });

  it('leaves nothing for makemigrations to do, which says so with exit code 1', async () => {
    const nothing = await run(['makemigrations']);
    expect(nothing.code).to.equal(1);
    expect(nothing.stderr).to.equal('Error: No changes detected: the models match the last migration (use --blank for an empty one).\n');
  });

  it("passes the app's own tests (manage test --apps <app>)", async () => {
    const tested = await run(['test', '--apps', APP]);
    expect(tested.code, tested.stdout + tested.stderr).to.equal(0);
    expect(tested.stdout).to.include(`${APP} API`).and.include('5 passing');
  });

  it("migrates the app's table, loads its fixtures and runs its command (manage <app> count)", async () => {
    const seeded = await run(['seed', '--apps', APP]);
    expect(seeded.code, seeded.stderr).to.equal(0);
    expect(seeded.stdout).to.include(`src/apps/${APP}/fixtures/initial-${APP}.yaml: ${APP}.StartappProbe: 1 created\n`);
    const counted = await run([APP, 'count']);
    expect(counted.stderr).to.equal('');
    expect(counted.stdout).to.equal('1\n');
  });

  it("collectstatic copies the apps' statics into STATIC_ROOT; --clear keeps dot-files", async () => {
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write(`src/apps/${APP}/statics/${APP}/css/site.css`, 'body {}');
    write('src/apps/hero/statics/hero/logo.svg', '<svg/>');
    write('statics/.gitkeep', '');
    write('statics/stale/old.css', 'old');
    const collected = await run(['collectstatic', '--clear']);
    expect(collected.stderr).to.equal('');
    expect(collected.code).to.equal(0);
    expect(collected.stdout).to.equal(
      '1 static files cleared from statics/.\n' +
        '2 static files collected from src/core/web/statics/.\n' +
        '2 static files collected from src/apps/chat/statics/.\n' +
        '1 static files collected from src/apps/hero/statics/.\n' +
        `1 static files collected from src/apps/${APP}/statics/.\n` +
        '6 static files collected into statics/.\n',
    );
    expect(readdirSync(join(root, 'statics')).sort()).to.deep.equal(['.gitkeep', 'chat', 'hero', 'kit', APP]);
    expect(readFileSync(join(root, 'statics', APP, 'css', 'site.css'), 'utf8')).to.equal('body {}');

    const unknown = await run(['collectstatic', '--apps', 'hero', 'nosuch']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/^Error: Unknown app nosuch\. Apps: .*startapp_probe.*\n$/);
  });

  it('serve --reload recompiles and restarts the server after an edit', async () => {
    const port = await freePort();
    reloading = spawnManage(['serve', '--reload', '--port', String(port)], env, root);
    const output = collectOutput(reloading);
    const missing = `http://127.0.0.1:${port}/api/startapp-probe/999999/`;
    const detail = async () => ((await (await fetch(missing)).json()) as { detail: string }).detail;
    try {
      await waitForStatus(missing, 404, reloading, 400_000);
      expect(await detail()).to.equal('StartappProbe not found.');
      const controller = join(root, 'src', 'apps', APP, 'routers', 'startapp-probe.ts');
      writeFileSync(controller, readFileSync(controller, 'utf8').replace("'StartappProbe not found.'", "'No such probe.'"));
      const deadline = Date.now() + 300_000;
      let answer = '';
      while (Date.now() < deadline && answer !== 'No such probe.') {
        await new Promise((resolve) => setTimeout(resolve, 500));
        answer = await detail().catch(() => ''); // refused while the server restarts
      }
      expect(answer).to.equal('No such probe.');
      expect(output.text).to.include('[reload] restarting the server');
      expect(await terminate(reloading)).to.equal(0);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- serve --reload output ---\n${output.text}`, { cause: error });
    }
  });
});
