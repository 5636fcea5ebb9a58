/**
 * The development build (`scripts/build.mjs`, behind `npm test`, `npm run manage`, …), in a copy of the project:
 * it compiles a changed source, compiles nothing when dist/ is current, and removes the outputs of a deleted
 * source, so a deleted spec no longer runs and a deleted migration no longer applies, without `rm -rf dist`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../../settings/index.js';
import { cliEnvironment, manage, skipOnPostgres } from './helpers.js';

describe('the incremental build (in a copy of the project)', function () {
  this.timeout(600_000); // each build that compiles runs tsc on the whole project (incrementally)

  const { dir, env } = cliEnvironment('kit-build-');
  const root = join(dir, 'project');
  const spec = join('src', 'core', 'db', 'tests', 'zz-build-probe.spec.ts');
  const migration = join('src', 'migrations', 'Migration29990101000000_build_probe.ts');
  const migrationIndex = join(root, 'src', 'migrations', 'index.ts');
  let originalIndex = '';

  /** Runs the build in the copy. */
  const build = () => {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, env, encoding: 'utf8' });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const stampTime = () => statSync(join(root, 'dist', '.build-stamp')).mtimeMs;
  const probeSpec = (title: string) =>
    `import { expect } from 'chai';\n\ndescribe('build probe', () => {\n  it('${title}', () => {\n    expect(1).to.equal(1);\n  });\n});\n`;

  before(function () {
    skipOnPostgres(this);
    mkdirSync(root);
    for (const file of ['package.json', 'tsconfig.json', '.mocharc.json', 'README.md', 'mikro-orm.config.ts']) copyFileSync(join(projectRoot, file), join(root, file));
    // Times kept, so the copy's dist/ is as current as the project's.
    for (const folder of ['scripts', 'src', 'test', 'bench', 'dist']) {
      if (existsSync(join(projectRoot, folder))) cpSync(join(projectRoot, folder), join(root, folder), { recursive: true, preserveTimestamps: true });
    }
    symlinkSync(realpathSync(join(projectRoot, 'node_modules')), join(root, 'node_modules'));
    originalIndex = readFileSync(migrationIndex, 'utf8');
    const first = build();
    expect(first.code, first.output).to.equal(0);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles nothing when dist/ is current', () => {
    const before = stampTime();
    const again = build();
    expect(again.code, again.output).to.equal(0);
    expect(again.output).to.equal('');
    expect(stampTime()).to.equal(before);
  });

  it('compiles a new spec, and the suite runs it', async () => {
    writeFileSync(join(root, spec), probeSpec('runs once compiled'));
    const built = build();
    expect(built.code, built.output).to.equal(0);
    expect(existsSync(join(root, 'dist', spec.replace(/\.ts$/, '.js')))).to.equal(true);
    const run = await manage(['test', '--grep', 'build probe'], env, { root });
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.include('runs once compiled').and.include('1 passing');
  });

  it('compiles a changed source again', async () => {
    writeFileSync(join(root, spec), probeSpec('runs the edited version'));
    const built = build();
    expect(built.code, built.output).to.equal(0);
    const run = await manage(['test', '--grep', 'build probe'], env, { root });
    expect(run.stdout).to.include('runs the edited version');
    expect(run.stdout).to.not.include('runs once compiled');
  });

  it('removes the outputs of a deleted spec, which then no longer runs', async () => {
    rmSync(join(root, spec));
    const built = build();
    expect(built.code, built.output).to.equal(0);
    expect(built.output).to.match(/removed 2 stale output file\(s\)/);
    expect(existsSync(join(root, 'dist', spec.replace(/\.ts$/, '.js')))).to.equal(false);
    expect(existsSync(join(root, 'dist', spec.replace(/\.ts$/, '.js.map')))).to.equal(false);
    const run = await manage(['test', '--grep', 'build probe'], env, { root });
    expect(run.stdout).to.include('0 passing');
    expect(run.stdout).to.not.include('build probe');
  });

  it('lists a new migration file and unlists a deleted one (src/migrations/index.ts), which then no longer applies', async () => {
    const name = 'Migration29990101000000_build_probe';
    writeFileSync(
      join(root, migration),
      `import { Migration } from '@mikro-orm/migrations';\n\nexport class ${name} extends Migration {\n  override async up(): Promise<void> {\n    this.addSql('create table "build_probe" ("id" serial primary key);');\n  }\n}\n`,
    );
    const added = build();
    expect(added.code, added.output).to.equal(0);
    expect(added.output).to.match(/build: rebuilt src\/migrations\/index\.ts from the \d+ migration file\(s\) present/);
    expect(readFileSync(migrationIndex, 'utf8')).to.include(`  { name: '${name}', load: async () => (await import('./${name}.js')).${name} },\n];`);
    const listed = await manage(['migrate', 'status'], env, { root });
    expect(listed.stdout, listed.stderr).to.include(`[ ] ${name}`);

    // Deleted (as after `migrate down`), with the list left as it was: the build lists the files present again.
    rmSync(join(root, migration));
    const built = build();
    expect(built.code, built.output).to.equal(0);
    expect(readFileSync(migrationIndex, 'utf8')).to.equal(originalIndex);
    expect(existsSync(join(root, 'dist', migration.replace(/\.ts$/, '.js')))).to.equal(false);
    const status = await manage(['migrate', 'status'], env, { root });
    expect(status.code, status.stderr).to.equal(0);
    expect(status.stdout).to.include('Migration20261125195019_initial');
    expect(status.stdout).to.not.include(name);
  });
});
