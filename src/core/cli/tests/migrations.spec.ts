/**
 * Migrations that forgive, as a developer meets them, in a copy of the project (the real one is left alone): a
 * model change without a migration is named by `migrate` and `serve` (and stops them under APP_ENVIRONMENT=test),
 * `makemigrations --check` names it too; after `migrate down` the migration file can be deleted and the build and
 * `makemigrations` carry on; a dropped table takes its generated permissions and groups along, not hand-made ones.
 * The copy is compiled three times: this suite takes minutes.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { expect } from 'chai';
import { cliEnvironment, collectOutput, copyProject, freePort, manage, skipOnPostgres, spawnManage, terminate, waitForStatus } from './helpers.js';

describe('migrations that forgive (in a copy of the project)', function () {
  this.timeout(900_000);

  const { dir, env } = cliEnvironment('kit-migrations-');
  const root = join(dir, 'project');
  const migrations = join(root, 'src', 'migrations');
  const models = join(root, 'src', 'apps', 'hero', 'models');
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => manage(args, { ...env, ...extra }, { root });
  const build = () => {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).to.equal(0);
    return result.stderr;
  };
  /** Runs SQL on the copy's embedded database, between two CLI runs (PGlite allows one process at a time). */
  const sql = async <T>(text: string): Promise<T[]> => {
    const db = new PGlite(env.PGLITE_DIR);
    try {
      return (await db.query<T>(text)).rows;
    } finally {
      await db.close();
    }
  };
  const execute = async (statements: string): Promise<void> => {
    const db = new PGlite(env.PGLITE_DIR);
    try {
      await db.exec(statements);
    } finally {
      await db.close();
    }
  };
  const namesOf = async (table: string, target: string) =>
    (await sql<{ name: string }>(`select name from ${table} where target_table = '${target}' order by id`)).map((row) => row.name);
  const migrationNamed = (suffix: string) => readdirSync(migrations).find((file) => file.endsWith(`_${suffix}.ts`));
  const crud = ['create:novel', 'read:novel', 'update:novel', 'delete:novel'];

  before(function () {
    skipOnPostgres(this);
    copyProject(root);
    // The change a developer makes: a field on Hero and a new model, Novel, with no migration yet.
    const hero = join(models, 'hero.ts');
    writeFileSync(hero, readFileSync(hero, 'utf8').replace('  @Field(z.number()', '  @Field(z.string().nullable().default(null)) writer!: string | null;\n  @Field(z.number()'));
    writeFileSync(
      join(models, 'novel.ts'),
      "import { z } from 'zod';\nimport { BaseTable, Field, Model } from '../../../core/db/index.js';\n\n" +
        '/** A probe model of the migrations suite. */\n@Model()\nexport class Novel extends BaseTable {\n  @Field(z.string().min(1)) title!: string;\n}\n',
    );
    appendFileSync(join(models, 'index.ts'), "export { Novel } from './novel.js';\n");
    build();
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('migrate names the model changes no migration has, and fails on them under APP_ENVIRONMENT=test', async () => {
    const migrated = await run(['migrate']);
    expect(migrated.code, migrated.stderr).to.equal(0);
    expect(migrated.stdout).to.include('Applied Migration20261125195019_initial\n');
    expect(migrated.stderr).to.equal(
      'Warning: The database does not match the models:\n' +
        '  - model Novel: table novel missing in the database\n' +
        '  - model Hero: column writer missing in the database\n' +
        'No applied migration has these changes: if the models changed, run `npm run makemigrations`, then `npm run migrate` (a database changed by hand must be changed back).\n',
    );

    const strict = await run(['migrate'], { APP_ENVIRONMENT: 'test' });
    expect(strict.code).to.equal(1);
    expect(strict.stderr).to.match(/^Error: The database does not match the models:\n {2}- model Novel: table novel missing in the database\n/);
  });

  it('serve says it before listening; under APP_ENVIRONMENT=test it does not start', async () => {
    const port = await freePort();
    const refused = await run(['serve', '--port', String(port)], { APP_ENVIRONMENT: 'test' });
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('  - model Hero: column writer missing in the database\n');

    const server = spawnManage(['serve', '--port', String(port)], { ...env, LOG_LEVEL: 'info' }, root);
    const output = collectOutput(server);
    try {
      await waitForStatus(`http://127.0.0.1:${port}/default/healthcheck/?liveness=true`, 200, server);
    } finally {
      expect(await terminate(server)).to.equal(0);
    }
    expect(output.text).to.include('Warning: The database does not match the models:\n').and.include('  - model Hero: column writer missing in the database\n');
    expect(output.text.indexOf('Warning:')).to.be.below(output.text.indexOf('listening on'));
  });

  it('makemigrations --check names them; makemigrations writes them; migrate applies them quietly, with the new table\'s permissions', async () => {
    const check = await run(['makemigrations', '--check']);
    expect(check.code).to.equal(1);
    expect(check.stderr).to.equal(
      'Error: The models changed since the last migration:\n' +
        '  - model Novel: table novel not in any migration\n' +
        '  - model Hero: column writer not in any migration\n' +
        'Run `npm run makemigrations`.\n',
    );
    const made = await run(['makemigrations', '--name', 'novel']);
    expect(made.code, made.stderr).to.equal(0);
    const file = migrationNamed('novel')!;
    expect(made.stdout).to.equal(`Created src/migrations/${file}\n`);
    const migrated = await run(['migrate']);
    expect(migrated.stderr).to.equal('');
    expect(migrated.stdout).to.equal(`Applied ${file.replace('.ts', '')}\n`);
    expect(await namesOf('permission', 'novel')).to.deep.equal(crud);
    expect(await namesOf('permission_group', 'novel')).to.deep.equal(crud);
  });

  it('migrate down drops the table with its generated permissions and groups, keeping hand-made ones; it names what is not applied', async () => {
    // Made by hand, as fixtures do: a permission and a group about novels, a user holding generated and hand-made ones.
    const reader = await run(['createsuperuser', '--no-input'], { SUPERUSER_USERNAME: 'reader', SUPERUSER_PASSWORD: 'reader-secret', SUPERUSER_EMAIL: 'reader@example.org' });
    expect(reader.code, reader.stderr).to.equal(0);
    await execute(
      "insert into permission (created_at, name, target_table) values (now(), 'can_review_novels', 'novel');" +
        "insert into permission_group (created_at, name, target_table) values (now(), 'editors', 'novel');" +
        "insert into permissiongrouplink (group_name, permission_name) values ('editors', 'can_review_novels'), ('editors', 'read:novel');" +
        "insert into groupuserlink (user_id, group_name) select id, 'editors' from users where username = 'reader';" +
        "insert into groupuserlink (user_id, group_name) select id, 'update:novel' from users where username = 'reader';" +
        "insert into permissionuserlink (user_id, permission_name) select id, 'delete:novel' from users where username = 'reader';",
    );
    const file = migrationNamed('novel')!.replace('.ts', '');
    const down = await run(['migrate', 'down']);
    expect(down.code, down.stderr).to.equal(0);
    expect(down.stdout).to.equal(`Reverted ${file}\n`);
    expect(down.stderr).to.include('  - model Novel: table novel missing in the database\n').and.include(`Not applied: ${file}. \`npm run migrate\` applies them;`);

    expect(await namesOf('permission', 'novel')).to.deep.equal(['can_review_novels']);
    expect(await namesOf('permission_group', 'novel')).to.deep.equal(['editors']);
    expect(await sql('select * from permissiongrouplink where group_name = \'editors\'')).to.deep.equal([{ group_name: 'editors', permission_name: 'can_review_novels' }]);
    expect((await sql<{ group_name: string }>("select group_name from groupuserlink join users on users.id = user_id where username = 'reader'")).map((r) => r.group_name)).to.deep.equal(['editors']);
    expect(await sql("select * from permissionuserlink join users on users.id = user_id where username = 'reader'")).to.deep.equal([]);
    expect(await namesOf('permission', 'hero')).to.have.length(4);
  });

  it('after migrate down, the migration file can be deleted: the build rebuilds the list, makemigrations writes the changes again', async () => {
    const file = migrationNamed('novel')!;
    unlinkSync(join(migrations, file));
    expect(build()).to.match(/build: rebuilt src\/migrations\/index\.ts from the \d+ migration file\(s\) present/);
    expect(readFileSync(join(migrations, 'index.ts'), 'utf8')).to.not.include(file.replace('.ts', ''));

    const made = await run(['makemigrations', '--name', 'novel_again']);
    expect(made.code, made.stderr).to.equal(0);
    const again = migrationNamed('novel_again')!;
    const source = readFileSync(join(migrations, again), 'utf8');
    expect(source).to.include('create table "novel"').and.include('alter table "hero" add column "writer"');
    expect(readFileSync(join(migrations, 'index.ts'), 'utf8')).to.include(`import('./${again.replace('.ts', '.js')}')`);
    const migrated = await run(['migrate']);
    expect(migrated.stderr).to.equal('');
    expect(migrated.stdout).to.equal(`Applied ${again.replace('.ts', '')}\n`);
    expect(await namesOf('permission', 'novel')).to.deep.equal(['can_review_novels', ...crud]);
  });

  it('a model removed and migrated away takes its generated permissions along; hand-made ones stay', async () => {
    unlinkSync(join(models, 'novel.ts'));
    const index = join(models, 'index.ts');
    writeFileSync(index, readFileSync(index, 'utf8').replace("export { Novel } from './novel.js';\n", ''));
    build();
    const made = await run(['makemigrations', '--name', 'drop_novel']);
    expect(made.code, made.stderr).to.equal(0);
    expect(readFileSync(join(migrations, migrationNamed('drop_novel')!), 'utf8')).to.include('drop table if exists "novel"');
    const migrated = await run(['migrate']);
    expect(migrated.stderr).to.equal('');
    expect(await namesOf('permission', 'novel')).to.deep.equal(['can_review_novels']);
    expect(await namesOf('permission_group', 'novel')).to.deep.equal(['editors']);
  });
});
