/**
 * A project's models may take any name, including those of the kit's own test models: in a copy of the project,
 * `startapp book` writes an app whose model is `Book`, and its tests pass alone (`manage test --apps book`) and
 * in one run with a kit suite that loads the kit's test models (KitBook, KitAuthor, …) into the same ORM.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { cliEnvironment, copyProject, manage, skipOnPostgres } from './helpers.js';

describe("a project's model named like a kit test model (Book)", function () {
  this.timeout(600_000); // startapp compiles the copy of the project

  const { dir, env } = cliEnvironment('kit-names-');
  const root = join(dir, 'project');
  const run = (args: string[]) => manage(args, env, { root });

  before(async function () {
    skipOnPostgres(this);
    copyProject(root);
    const created = await run(['startapp', 'book']);
    expect(created.code, created.stderr + created.stdout).to.equal(0);
    expect(created.stdout).to.include('Created src/apps/book/models/book.ts\n');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("passes the app's tests (manage test --apps book)", async () => {
    const tested = await run(['test', '--apps', 'book']);
    expect(tested.code, tested.stdout + tested.stderr).to.equal(0);
    expect(tested.stdout).to.include('book API').and.include('5 passing');
    expect(tested.stdout + tested.stderr).to.not.include('Duplicate entity names');
  });

  it("passes the app's tests beside a kit suite that uses the kit's test models", async () => {
    const tested = await run(['test', 'src/apps/book', 'src/core/db/tests/isolation.spec.ts']);
    expect(tested.code, tested.stdout + tested.stderr).to.equal(0);
    expect(tested.stdout).to.include('book API').and.include('test isolation');
    expect(tested.stdout).to.not.include('failing');
  });
});
