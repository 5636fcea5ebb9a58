/**
 * Helpers of the end-to-end suite: a fresh PostgreSQL database per suite, the real CLI and server processes,
 * free ports. Nothing here imports the application: the suite talks to it over processes and HTTP only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/settings/paths.js';
import { adminQuery as adminQueryOn, freePort, testDatabaseName } from '../../src/core/testing/processes.js';
import { STARTED_WITHOUT_BUNDLE as STARTED_WITHOUT_BUNDLE_TEXT } from '../../src/core/server-bundle.js';

export { freePort };

/** The server the suite creates its databases on: E2E_DATABASE_URL, else DATABASE_URL, else the local default. */
export const adminUrl = process.env.E2E_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const adminQuery = (sql: string) => adminQueryOn(adminUrl, sql);

/** A database created for one suite; `drop()` removes it. */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the admin server. */
export async function createDatabase(): Promise<TestDatabase> {
  const name = testDatabaseName('e2e');
  await adminQuery(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => adminQuery(`drop database if exists "${name}" with (force)`) };
}

/** The environment of the processes under test: the test settings on `databaseUrl`, no Redis, quiet logs. */
export function processEnv(databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APP_ENVIRONMENT: 'test',
    DATABASE_URL: databaseUrl,
    INITIAL_FIXTURES: 'initial-users,initial-heroes',
    PASSWORD_HASH_ROUNDS: '4',
    LOG_LEVEL: 'warn',
    ...extra,
  };
  delete env.REDIS_URL;
  delete env.PGLITE_DIR;
  return env;
}

/** What a finished process did. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/src/manage.js ...args` to the end. */
export function manage(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join('dist', 'src', 'manage.js'), ...args], { cwd: projectRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A long-running process of the suite (a server): its output is kept for failure messages. */
export class ServerProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
    /** `npm start` that must run the production bundle: `ready()` fails when start.ts fell back to the modules. */
    private readonly requireBundle = false,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  }

  /** Its stdout and stderr so far (the last 20 kB). */
  get log(): string {
    return this.output;
  }

  /** True once the process has exited. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private checkBundle(): void {
    if (this.requireBundle && STARTED_WITHOUT_BUNDLE.test(this.output)) {
      throw new Error(`npm start ran the compiled modules, not the bundle: run \`npm run build\` first:\n${this.output}`);
    }
  }

  /** Waits until `GET /default/healthcheck/?readiness=true` answers 200 (or the process dies). */
  async ready(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`the server exited before it was ready:\n${this.output}`);
      let status = 0;
      try {
        status = (await fetch(`${this.baseUrl}/default/healthcheck/?readiness=true`)).status;
      } catch {
        // not listening yet
      }
      if (status === 200) return this.checkBundle();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the server was not ready in ${timeoutMs} ms:\n${this.output}`);
  }

  /** Waits until the output holds `count` matches of `pattern` (a global RegExp). */
  async outputMatches(pattern: RegExp, count: number, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.output.match(pattern)?.length ?? 0) < count) {
      if (!this.running) throw new Error(`the process exited before its output matched ${pattern} ${count} times:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the output did not match ${pattern} ${count} times in ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Sends SIGTERM and resolves with the exit code (SIGKILL after `graceMs`: the code is then -1). */
  async stop(graceMs = 30_000): Promise<number | null> {
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      const code = await this.exited;
      clearTimeout(timer);
      return code;
    }
    return this.exited;
  }
}

/**
 * What `npm start` runs: the production server bundle through src/start.ts (`npm run build` makes the bundle).
 * The end-to-end, browser and fault suites run the server this way.
 */
export const NPM_START = ['dist/src/start.js'];
/** What start.ts prints when it cannot use the bundle and starts the compiled modules instead. */
export const STARTED_WITHOUT_BUNDLE = new RegExp(`^start: .*${STARTED_WITHOUT_BUNDLE_TEXT}`, 'm');

/**
 * Starts `node <script> ...args` from the project root on a free port; call `ready()` before using it. `npm start`
 * (NPM_START) must run the bundle unless `allowModules` says the test wants the fallback.
 */
export async function startProcess(script: string[], env: NodeJS.ProcessEnv, options: { allowModules?: boolean } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', ...script, '--port', String(port)], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new ServerProcess(child, `http://127.0.0.1:${port}`, script[0] === NPM_START[0] && !options.allowModules);
}

/** The port of a base URL. */
export const portOf = (baseUrl: string): string => new URL(baseUrl).port;

