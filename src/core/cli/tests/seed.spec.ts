/**
 * `npm run seed` (`node dist/src/manage.js seed`): the real CLI process, on an embedded database in a temporary
 * folder. The runs share that database and follow each other, as a developer's would: each takes 2–3 s.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { cliEnvironment, manage as runManage, skipOnPostgres, type Run } from './helpers.js';

describe('seed command (manage.js seed)', function () {
  this.timeout(120_000); // a run takes 2–3 s, the first (a new database) up to 15 s on a busy machine

  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(function () {
    skipOnPostgres(this);
    ({ dir, env } = cliEnvironment('kit-seed-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `node dist/src/manage.js ...args` from the project root. */
  const manage = (...args: string[]): Promise<Run> => runManage(args, env);

  const fixture = (name: string, yaml: string) => {
    const file = join(dir, name);
    writeFileSync(file, yaml);
    return file;
  };

  it('with no source, migrates and loads INITIAL_FIXTURES, printing the rows created per file and model', async () => {
    const run = await manage('seed');
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('src/apps/user/fixtures/initial-users.yaml: user.User: 1 created\n');
    expect(run.stdout).to.include('Loaded 1 objects from 1 file(s): 1 created, 0 updated, 0 unchanged.\n');
  });

  it('runs again without error: rows that exist are matched (natural key, id) and reported unchanged or updated', async () => {
    const run = await manage('seed');
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('src/apps/user/fixtures/initial-users.yaml: user.User: 1 unchanged\n');
    expect(run.stdout).to.include('Loaded 1 objects from 1 file(s): 0 created, 0 updated, 1 unchanged.\n');
    const renamed = fixture('renamed-admin.yaml', '- model: user.User\n  properties: { username: admin, first_name: Renamed, last_name: ADMIN, password: admin }\n');
    const updated = await manage('seed', '--paths', renamed);
    expect(updated.code, updated.stderr).to.equal(0);
    expect(updated.stdout).to.match(/renamed-admin\.yaml: user\.User: 1 updated\n/);
  });

  it('--names loads fixtures by name', async () => {
    const run = await manage('seed', '--names', 'posts');
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('src/apps/blog/fixtures/test/posts.yaml: user.User: 1 created; blog.Post: 2 created\n');
    expect(run.stdout).to.include('Loaded 3 objects from 1 file(s): 3 created, 0 updated, 0 unchanged.\n');
  });

  it('a bad file exits 1 with one line on stderr (no stack, SQL nor password), and writes nothing of it', async () => {
    const newcomer = [
      '- model: user.User',
      '  properties: { username: newcomer, first_name: New, last_name: COMER, password: newcomer-secret }',
      '- model: blog.Post',
      '  properties: { title: Welcome, author: { username: newcomer } }',
    ].join('\n');
    // The admin of INITIAL_FIXTURES exists: the third entry, a new user with the admin's email, is a duplicate
    // after two entries were inserted.
    const bad = fixture('bad.yaml', `${newcomer}\n- model: user.User\n  properties: { username: second, first_name: Second, last_name: ADMIN, email: contact@eliam-lotonga.fr, password: plain-text-secret }\n`);
    const failed = await manage('seed', '--paths', bad);
    expect(failed.code).to.equal(1);
    expect(failed.stdout).not.to.include('Loaded');
    const lines = failed.stderr.trimEnd().split('\n');
    expect(lines, failed.stderr).to.have.length(1);
    expect(lines[0]).to.match(/^Error: .*bad\.yaml, document 1, entry 3 \(user\.User\): could not save: .*Key \(email\)=\(contact@eliam-lotonga\.fr\) already exists\.$/);
    expect(lines[0]).not.to.match(/\b(insert|select|values|returning)\b/i);
    expect(lines[0]).not.to.match(/\$2[aby]\$/);
    expect(lines[0]).not.to.include('plain-text-secret');

    // Nothing of the bad file was written: its first two entries load now, by path.
    const good = fixture('good.yaml', `${newcomer}\n`);
    const loaded = await manage('seed', '--paths', good);
    expect(loaded.stderr).to.equal('');
    expect(loaded.code).to.equal(0);
    expect(loaded.stdout).to.match(/good\.yaml: user\.User: 1 created; blog\.Post: 1 created\n/);
  });

  it('draws a progress bar on stderr for a file over 1,000 entries', async () => {
    const entries = Array.from({ length: 1001 }, (_, i) => `- model: hero.Hero\n  properties: { name: Hero ${i}, secret_name: Secret ${i} }`);
    const big = fixture('big.yaml', `${entries.join('\n')}\n`);
    const run = await manage('seed', '--paths', big);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/big\.yaml: hero\.Hero: 1001 created\n/);
    // Not a terminal: a line at the start, every half second, and at the end.
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).to.match(/big\.yaml \[-{30}\] 0% 0\/1001$/);
    expect(lines.at(-1)).to.match(/big\.yaml \[#{30}\] 100% 1001\/1001$/);
  });

  it('an unknown app is a usage error: exit 2, as `test --apps nope`', async () => {
    const run = await manage('seed', '--apps', 'nope');
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/^Error: Unknown app nope\. Apps: .*hero/);
  });

  it('--verbose prints the stack of an error', async () => {
    const run = await manage('--verbose', 'seed', '--apps', 'authentication');
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^FixtureError: App authentication does not contain any fixtures file\.\n\s+at /);
  });
});
