/**
 * Helpers of the fault suite: private, short-lived PostgreSQL and Redis servers on free loopback ports (stopped
 * and started by the tests, killed by PID at the end), and small HTTP load generators that count what happened.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../e2e/support.js';

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A private PostgreSQL cluster in a temporary folder, run as the `postgres` system user. */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** The URL of its `postgres` database. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** initdb + start on a free port (trust authentication, loopback only). */
  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'kit-faults-pg-'));
    chmodSync(dir, 0o777);
    const server = new PrivatePostgres(dir, await freePort());
    await run('runuser', ['-u', 'postgres', '--', `${PG_BIN}/initdb`, '-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await server.start();
    return server;
  }

  /** Starts the cluster and waits until it accepts connections. */
  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
    await run('runuser', ['-u', 'postgres', '--', `${PG_BIN}/pg_ctl`, '-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-o', options, '-w', 'start']);
  }

  /** Stops it at once (`-m immediate`: open connections are cut, as in a crash or a failover). */
  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    await run('runuser', ['-u', 'postgres', '--', `${PG_BIN}/pg_ctl`, '-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }

  /** Stops it if it runs and removes its folder. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A private `redis-server` on a free port, without persistence; stopped and restarted on the same port. */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  /** The URL of database `db`. */
  url(db = 0): string {
    return `redis://127.0.0.1:${this.port}/${db}`;
  }

  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  /** Starts it and waits until it answers PING. */
  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    for (let i = 0; i < 100; i++) {
      try {
        const { stdout } = await run('redis-cli', ['-p', String(this.port), 'ping']);
        if (stdout.trim() === 'PONG') return;
      } catch {
        // not up yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('redis-server did not start');
  }

  /** Kills it (by PID) and waits for the exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

/** What one HTTP request gave: a status, or the error code of the socket (ECONNRESET, ECONNREFUSED…). */
export interface Outcome {
  status?: number;
  error?: string;
  body?: string;
  headers?: http.IncomingHttpHeaders;
  ms: number;
}

/** Sends one request and never rejects: the outcome says what happened. */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent; timeoutMs?: number } = {}): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: options.agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode, body, headers: res.headers, ms: performance.now() - started }));
      res.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, ms: performance.now() - started }));
    });
    req.setTimeout(options.timeoutMs ?? 15_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, ms: performance.now() - started }));
    req.end(options.body);
  });
}

/** Counts outcomes by status or error code: `{ '200': 120, '503': 40, ECONNREFUSED: 3 }`. */
export class Tally {
  readonly counts: Record<string, number> = {};
  total = 0;
  add(outcome: Outcome): void {
    const key = outcome.status !== undefined ? String(outcome.status) : outcome.error ?? 'unknown';
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    this.total++;
  }
  count(key: string): number {
    return this.counts[key] ?? 0;
  }
}

/** Logs in through the API and returns the bearer token. */
export async function login(baseUrl: string, username: string, password: string): Promise<Outcome & { token?: string }> {
  const outcome = await request(`${baseUrl}/api/auth/token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  const token = outcome.status === 200 ? (JSON.parse(outcome.body!) as { access_token: string }).access_token : undefined;
  return { ...outcome, token };
}

/** Polls `probe` until it gives true; resolves with the milliseconds it took, rejects after `timeoutMs`. */
export async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await probe()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}
