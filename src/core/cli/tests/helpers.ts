/**
 * Running the real CLI (`node dist/src/manage.js …`) from tests. Each run is a process that loads the apps and
 * opens the database: seconds on a busy machine, so the suites keep runs few and share a database between them.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSettings, projectRoot } from '../../../settings/index.js';


/**
 * The CLI process suites use the embedded database, in a temporary folder, whatever DATABASE_URL says; so they
 * run in the embedded run of the suite only (the end-to-end suite runs the CLI on PostgreSQL).
 */
export function skipOnPostgres(suite: Mocha.Context): void {
  if (getSettings().DATABASE_URL) suite.skip();
}

/** A temporary folder, and the environment of a CLI process whose embedded database lives in it. */
export function cliEnvironment(prefix: string, extra: NodeJS.ProcessEnv = {}): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APP_ENVIRONMENT: 'dev',
    // Empty: the embedded database, whatever envs/dev.env says; it lives in the temporary folder.
    DATABASE_URL: '',
    PGLITE_DIR: join(dir, 'pglite'),
    INITIAL_FIXTURES: 'initial-users',
    PASSWORD_HASH_ROUNDS: '4',
    DB_DEBUG: 'false',
    LOG_LEVEL: 'warn',
    ...extra,
  };
  delete env.REDIS_URL;
  return { dir, env };
}

/** Copies the project (sources, compiled output, configs, build scripts; node_modules linked) to `root`, to change it freely. */
export function copyProject(root: string): void {
  mkdirSync(root);
  for (const file of ['package.json', 'tsconfig.json', '.mocharc.json', 'mikro-orm.config.ts']) copyFileSync(join(projectRoot, file), join(root, file));
  cpSync(join(projectRoot, 'scripts'), join(root, 'scripts'), { recursive: true });
  cpSync(join(projectRoot, 'src'), join(root, 'src'), { recursive: true });
  cpSync(join(projectRoot, 'dist'), join(root, 'dist'), { recursive: true });
  symlinkSync(realpathSync(join(projectRoot, 'node_modules')), join(root, 'node_modules'));
}

/** Polls `url` until it answers `status` (or `timeoutMs` passes, or `child` dies). */
export async function waitForStatus(url: string, status: number, child: ChildProcess, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the process exited (${child.exitCode ?? child.signalCode}) before ${url} answered ${status}`);
    try {
      if ((await fetch(url)).status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`);
}

/** Sends SIGTERM and resolves with the exit code. */
export function terminate(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Collects a child's output, for assertions and failure messages. */
export function collectOutput(child: ChildProcess): { readonly text: string } {
  const out = { text: '' };
  const keep = (chunk: Buffer) => (out.text += chunk.toString());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return out;
}


export { freePort, manage, spawnManage, type Run } from '../../testing/processes.js';
