/**
 * What the HTTP benchmarks (bench/http.ts, bench/auth.ts) share: settings from the environment, a throw-away
 * PostgreSQL database seeded through the kit, servers run as child processes on 127.0.0.1, autocannon runs
 * that check every response, interleaved rounds of two variants, the tables, and a cleanup that always runs
 * (servers stopped, database dropped) even when something fails, on Ctrl-C, or when the time limit is hit.
 */
import 'reflect-metadata';
import { median, prng } from './stats.js';
import { adminQuery, freePort } from '../src/core/testing/processes.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadApps } from '../src/core/apps.js';
import { registerProviders } from '../src/core/di/index.js';
import { projectProviders } from '../src/project.js';
import { closeDatabase, initDatabase, migrate, withContext } from '../src/core/db/index.js';
import { STARTED_WITHOUT_BUNDLE } from '../src/core/server-bundle.js';
import { resetSettings } from '../src/settings/index.js';
import { Permission, User } from '../src/apps/user/models/index.js';

// ----- settings ------------------------------------------------------------------------------------------------

export const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** The project folder (this file runs from dist/bench/). */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The password of every seeded user. */
export const BENCH_PASSWORD = 'bench-password-1';

export function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got ${JSON.stringify(raw)}.`);
  return n;
}

export function listEnv(name: string, fallback: readonly string[]): string[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return [...fallback];
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The items of `all` named in the env var `name` (comma list; all when unset), in `all`'s order; unknown names throw. */
export function pickFromEnv<T extends string>(name: string, all: readonly T[]): T[] {
  const wanted = listEnv(name, all);
  for (const item of wanted) {
    if (!(all as readonly string[]).includes(item)) throw new Error(`${name}: unknown item ${item} (known: ${all.join(', ')}).`);
  }
  return all.filter((item) => wanted.includes(item));
}

/** The settings both HTTP benchmarks read. */
export interface RunSettings {
  serverUrl: string;
  connections: number;
  /** Seconds per measured run. */
  duration: number;
  /** Seconds of warm-up per variant before its rounds (0 for none). */
  warmup: number;
  /** Seconds of warm-up per variant of every pair, once, before the first pair is measured (0 for none). */
  initialWarmup: number;
  rounds: number;
  heroes: number;
  /** Seconds autocannon waits for a response before counting a timeout. */
  requestTimeout: number;
}

export function runSettings(): RunSettings {
  return {
    serverUrl: process.env.DATABASE_URL || DEFAULT_URL,
    connections: intEnv('BENCH_CONNECTIONS', 10, 1),
    duration: intEnv('BENCH_DURATION', 5, 1),
    warmup: intEnv('BENCH_WARMUP', 2, 0),
    initialWarmup: intEnv('BENCH_INITIAL_WARMUP', 5, 0),
    rounds: intEnv('BENCH_ROUNDS', 3, 1),
    heroes: intEnv('BENCH_HEROES', 1000, 200),
    requestTimeout: intEnv('BENCH_REQUEST_TIMEOUT', 20, 1),
  };
}

// ----- small helpers -------------------------------------------------------------------------------------------

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export { median, prng } from './stats.js';

/** `count` ids drawn from `ids` by a fixed sequence. */
export function idSequence(ids: readonly number[], count = 4096, seed = 42): number[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => ids[Math.floor(random() * ids.length)]!);
}

export const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

export function machineLine(): string {
  return `Node ${process.version} (${process.platform}/${process.arch}), CPU ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, load average ${loadAverage()}`;
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Benchmark sanity check failed: ${message}`);
}

// ----- cleanup: always runs, once -------------------------------------------------------------------------------

const cleanups: Array<{ what: string; run: () => Promise<void> }> = [];
let cleaning: Promise<void> | undefined;

/** Registers a cleanup step; steps run in reverse order of registration. */
export function onCleanup(what: string, run: () => Promise<void>): void {
  cleanups.push({ what, run });
}

/** Runs every cleanup step (servers stopped, then the database dropped). Safe to call more than once. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of [...cleanups].reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`Cleanup error (${step.what}):`, error);
        process.exitCode = 1;
      }
    }
  })();
  return cleaning;
}

/**
 * Runs `main` with a time limit, then the cleanup, whatever happens: an error, Ctrl-C/SIGTERM, or the limit.
 * Exit code 0 when the benchmark ran and every response was checked good, 1 otherwise.
 */
export async function runBenchmark(main: () => Promise<void>, maxSeconds: number): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the servers and dropping the database…`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  const watchdog = setTimeout(() => {
    console.error(`\nThe benchmark did not finish within its limit of ${maxSeconds} s (BENCH_MAX_SECONDS): stopping.`);
    void cleanup().finally(() => process.exit(1));
  }, maxSeconds * 1000);
  watchdog.unref();
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

/** The time limit: BENCH_MAX_SECONDS, else twice the planned measuring time plus 3 minutes for start-up and seeding. */
export function timeLimit(plannedSeconds: number): number {
  return intEnv('BENCH_MAX_SECONDS', Math.ceil(2 * plannedSeconds + 180), 10);
}

// ----- the throw-away database ----------------------------------------------------------------------------------

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function displayUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.password) url.password = '***';
  return url.toString();
}


/** Creates `kit_bench_<pid>` on the server of `serverUrl` and registers its drop; returns its URL and version. */
export async function createBenchDatabase(serverUrl: string): Promise<{ name: string; url: string; version: string }> {
  const name = `kit_bench_${process.pid}`;
  await adminQuery(serverUrl, `create database ${quoteIdent(name)}`);
  onCleanup('drop the database', async () => {
    // WITH (FORCE) (PostgreSQL 13+) also ends connections a server failed to close.
    await adminQuery(serverUrl, `drop database if exists ${quoteIdent(name)} with (force)`).catch(() =>
      adminQuery(serverUrl, `drop database if exists ${quoteIdent(name)}`),
    );
    console.log(`Dropped database ${name}.`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const version = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    return { name, url: url.toString(), version };
  } finally {
    await client.end();
  }
}

/** A user to seed: its password is BENCH_PASSWORD, hashed by the kit at bcrypt cost `cost`. */
export interface SeedUser {
  username: string;
  role: 'admin' | 'staff' | 'active';
  cost: number;
  /** Permissions held directly, e.g. `update:hero`. */
  permissions?: string[];
}

/**
 * Migrates the database with the kit (`migrate()`, which also creates the CRUD permissions), creates the users
 * through the kit's `User` model (its beforeInsert signal hashes the password at PASSWORD_HASH_ROUNDS, set here
 * per user), and `heroes` heroes with plain SQL. Closes the ORM afterwards: the servers open their own
 * connections. Returns the hero ids and each user's stored bcrypt cost (read back from the hash).
 */
export async function seedDatabase(url: string, users: readonly SeedUser[], heroes: number): Promise<{ heroIds: number[]; costs: Map<string, number> }> {
  await loadApps();
  registerProviders(projectProviders);
  await initDatabase({ url });
  try {
    const migrated = await migrate();
    console.log(`Migrated: ${migrated.migrations.join(', ') || '(nothing to apply)'}`);
    const previousRounds = process.env.PASSWORD_HASH_ROUNDS;
    try {
      for (const spec of users) {
        process.env.PASSWORD_HASH_ROUNDS = String(spec.cost);
        resetSettings();
        await withContext(async () => {
          const user = await User.create({
            username: spec.username,
            first_name: 'Bench',
            last_name: spec.username,
            password: BENCH_PASSWORD,
            role: spec.role,
            status: 'active',
          }).save();
          for (const name of spec.permissions ?? []) {
            const permission = await Permission.get({ name });
            check(permission, `no permission named ${name}`);
            await user.addPermission(permission);
          }
        });
      }
    } finally {
      if (previousRounds === undefined) delete process.env.PASSWORD_HASH_ROUNDS;
      else process.env.PASSWORD_HASH_ROUNDS = previousRounds;
      resetSettings();
    }
  } finally {
    await closeDatabase();
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into hero (created_at, name, secret_name, age)
       select now(), 'Hero ' || g, 'Secret identity ' || g, case when g % 4 = 0 then null else 18 + g % 60 end
       from generate_series(1, $1::int) as g`,
      [heroes],
    );
    await client.query('analyze');
    const heroIds = (await client.query<{ id: number }>('select id from hero order by id')).rows.map((r) => r.id);
    const rows = (await client.query<{ username: string; password: string }>('select username, password from users')).rows;
    const costs = new Map(rows.map((r) => [r.username, Number(r.password.split('$')[2])]));
    return { heroIds, costs };
  } finally {
    await client.end();
  }
}

// ----- servers as child processes -------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
// Last resort: a child still running when this process exits is killed (SIGKILL cannot be caught, but the
// servers also watch their parent: bench/watch-parent.ts).
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

export { freePort };

export interface ServerHandle {
  name: string;
  baseUrl: string;
  pid: number;
  /** Lines the server wrote (stdout and stderr). At LOG_LEVEL=warn the kit logs every 4xx and 5xx response. */
  logLines: () => number;
  /** The number of lines written when measuring started (the sanity checks log their expected 401/403 before). */
  linesBeforeMeasuring?: number;
  logTail: () => string[];
  stop: () => Promise<void>;
}

/**
 * Starts `node [nodeArgs] --import watch-parent.js <script> --port <free> --host 127.0.0.1` in the project folder with
 * `env`, and waits until GET `readyPath` answers 2xx (60 s at most). Its stop is registered as a cleanup step.
 */
export async function startServer(name: string, script: string, env: NodeJS.ProcessEnv, readyPath: string, nodeArgs: readonly string[] = []): Promise<ServerHandle> {
  const port = await freePort();
  const watchParent = pathToFileURL(join(projectRoot, 'dist', 'bench', 'watch-parent.js')).href;
  const child = spawn(process.execPath, [...nodeArgs, '--import', watchParent, script, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  let lines = 0;
  const tail: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines++;
      tail.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
      if (tail.length > 20) tail.shift();
    });
  }
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (!running()) return;
    child.kill('SIGTERM'); // both servers close gracefully on SIGTERM
    const stopped = await Promise.race([exited.then(() => true), sleep(12_000).then(() => false)]);
    if (!stopped && running()) {
      console.error(`${name} did not stop within 12 s of SIGTERM: SIGKILL.`);
      child.kill('SIGKILL');
      await Promise.race([exited, sleep(5_000)]);
    }
  };
  onCleanup(`stop ${name}`, stop);

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!running()) throw new Error(`${name} exited during start-up (code ${child.exitCode}, signal ${child.signalCode}):\n${tail.join('\n')}`);
    try {
      const res = await fetch(baseUrl + readyPath, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not answer GET ${readyPath} with 2xx within 60 s:\n${tail.join('\n')}`);
    await sleep(200);
  }
  return { name, baseUrl, pid: child.pid!, logLines: () => lines, logTail: () => [...tail], stop };
}

/**
 * The kit's server as `npm start` runs it: the production bundle through dist/src/start.js (`npm run build` makes
 * it). BENCH_START=modules runs the compiled modules instead (`node dist/src/server.js`), to compare the two.
 */
export const kitServerScript = process.env.BENCH_START === 'modules' ? join('dist', 'src', 'server.js') : join('dist', 'src', 'start.js');

export { STARTED_WITHOUT_BUNDLE };

/** `startServer` for the kit's server (`kitServerScript`); fails when `npm start` fell back to the modules. */
export async function startKitServer(env: NodeJS.ProcessEnv, readyPath: string, nodeArgs: readonly string[] = []): Promise<ServerHandle> {
  const server = await startServer('kit server', kitServerScript, env, readyPath, nodeArgs);
  const fellBack = server.logTail().find((line) => line.includes(STARTED_WITHOUT_BUNDLE));
  if (fellBack) throw new Error(`${fellBack}\n(the benchmark measures npm start: run \`npm run build\`, or set BENCH_START=modules)`);
  return server;
}

/** The kit's environment for its server: the bench database, production settings, warnings only. */
export function kitServerEnv(databaseUrl: string, logLevel = 'warn'): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    APP_ENVIRONMENT: 'prod',
    SECRET_KEY: randomBytes(32).toString('base64url'),
    LOG_LEVEL: logLevel,
    PASSWORD_HASH_ROUNDS: '12',
    DB_DEBUG: 'false',
  };
  // The login throttle then counts in the server's memory, as without Redis; nothing else here uses Redis.
  delete env.REDIS_URL;
  return env;
}

/** The peak resident set size of a process so far (VmHWM), in MB; undefined when /proc cannot tell. */
export function peakRssMb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Logs in through POST /api/auth/token/ (the OAuth2 password form); returns the bearer token. */
export async function login(baseUrl: string, username: string, password = BENCH_PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  check(res.status === 200 && typeof body.access_token === 'string', `login of ${username} answered ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

// ----- autocannon runs ------------------------------------------------------------------------------------------

/**
 * CPU time a process has used so far (user + system, all its threads), in ms, from /proc/<pid>/stat; undefined
 * where there is no /proc. In clock ticks of 10 ms (USER_HZ is 100 on Linux), hence per run, not per request.
 */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}


/** One variant to load: a server, and how to build each request. */
export interface Target {
  label: string;
  server: ServerHandle;
  method: 'GET' | 'POST' | 'PATCH';
  /** The path of the i-th request of a run (every run restarts at 0). */
  path: (i: number) => string;
  headers?: Record<string, string>;
  /** The body of the i-th request. */
  body?: (i: number) => string;
  /** A 2xx response whose body fails this is counted as a mismatch (a wrong answer). */
  verify?: (body: string) => boolean;
}

export interface RunStats {
  label: string;
  /**
   * Responses per second between the first and the last response of the run: (responses − 1) ÷ (time of the
   * last − time of the first). Leaves out the time until the first answer (a login at bcrypt cost 12 may take
   * seconds), which would otherwise count as zero throughput.
   */
  rps: number;
  p50: number;
  p99: number;
  completed: number;
  /**
   * CPU time (ms) the server process used from the start of the run until it was idle again, ÷ the requests sent
   * (those in flight at the end are served too); undefined without /proc.
   */
  cpuPerRequest?: number;
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  /** The first bad body seen (non-2xx or a failed verify), for the report. */
  firstBadBody?: string;
}

/** Number of responses that were not good: non-2xx, connection errors (timeouts included) and wrong bodies. */
export const badCount = (s: RunStats) => s.non2xx + s.errors + s.mismatches;
/** A run is valid when every response was good and there were enough to time (at least 2). */
export const validRun = (s: RunStats) => badCount(s) === 0 && s.completed >= 2;

/**
 * Waits until the server is idle: when autocannon stops, the requests it had in flight are still being served
 * (ten logins at cost 12 keep bcrypt busy for seconds), and must not run into the next variant's time. Idle:
 * two successive 250 ms samples with at most 20 ms of CPU (10 ms clock ticks); at most 30 s. Returns the ms waited.
 */
export async function waitUntilIdle(server: ServerHandle): Promise<number> {
  const started = performance.now();
  let previous = cpuMs(server.pid);
  if (previous === undefined) {
    await sleep(500);
    return performance.now() - started;
  }
  let quiet = 0;
  while (quiet < 2 && performance.now() - started < 30_000) {
    await sleep(250);
    const now = cpuMs(server.pid);
    if (now === undefined) break;
    quiet = now - previous <= 20 ? quiet + 1 : 0;
    previous = now;
  }
  return performance.now() - started;
}

/** Loads `target` for `seconds` with `connections` connections; every response is checked. */
export async function measure(target: Target, seconds: number, connections: number, requestTimeout: number): Promise<RunStats> {
  let i = 0;
  let firstBadBody: string | undefined;
  const verify = target.verify;
  const cpuBefore = cpuMs(target.server.pid);
  const times: number[] = [];
  const instance = autocannon({
    url: target.server.baseUrl,
    connections,
    duration: seconds,
    timeout: requestTimeout,
    requests: [
      {
        method: target.method,
        headers: target.headers ?? {},
        setupRequest: (request) => {
          const n = i++;
          return { ...request, path: target.path(n), ...(target.body ? { body: target.body(n) } : {}) };
        },
      },
    ],
    // Called for every response, 2xx or not; a non-2xx body fails every verify used here.
    verifyBody: (body) => {
      const ok = verify ? verify(body) : true;
      if (!ok && firstBadBody === undefined) firstBadBody = body.slice(0, 300);
      return ok;
    },
  });
  instance.on('response', () => times.push(performance.now()));
  const result = await instance;
  // The requests in flight when autocannon stopped are still served: their CPU counts, and they are counted too.
  await waitUntilIdle(target.server);
  const cpuAfter = cpuMs(target.server.pid);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const non2xx = Object.entries(statusCodes).reduce((sum, [code, count]) => (code.startsWith('2') ? sum : sum + count), 0);
  return {
    label: target.label,
    rps: times.length >= 2 ? (times.length - 1) / ((times[times.length - 1]! - times[0]!) / 1000) : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    completed: result.requests.total,
    cpuPerRequest: cpuBefore !== undefined && cpuAfter !== undefined && result.requests.sent > 0 ? (cpuAfter - cpuBefore) / result.requests.sent : undefined,
    statusCodes,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    // A non-2xx response fails verify as well: count it once, as non-2xx.
    mismatches: Math.max(0, result.mismatches - non2xx),
    firstBadBody,
  };
}

/** One line per run; `measured`: a run whose numbers count (a warm-up needs no responses to time). */
export function describeRun(s: RunStats, measured = true): string {
  const codes = Object.entries(s.statusCodes).map(([code, n]) => `${code}×${n}`).join(' ') || 'none';
  const bad = badCount(s) > 0 ? `  ⚠ non-2xx ${s.non2xx}, errors ${s.errors} (timeouts ${s.timeouts}), wrong bodies ${s.mismatches}` : measured && s.completed < 2 ? '  ⚠ fewer than 2 responses: nothing to time' : '';
  const sample = s.firstBadBody !== undefined && badCount(s) > 0 ? `\n      first bad body: ${s.firstBadBody}` : '';
  const cpu = s.cpuPerRequest === undefined ? '' : `  server CPU ${fmtCpu(s.cpuPerRequest)} ms/req`;
  return `${fmtRps(s.rps).padStart(7)} req/s  p50 ${fmtMs(s.p50).padStart(5)} ms  p99 ${fmtMs(s.p99).padStart(5)} ms${cpu}  ${s.completed} responses (${codes})${bad}${sample}`;
}

// ----- interleaved rounds of two variants -----------------------------------------------------------------------

/** Two variants of one measurement, timed in alternation; the ratio is a ÷ b. */
export interface Pair {
  name: string;
  /** Seconds per measured run, when not the default BENCH_DURATION. */
  duration?: number;
  a: Target;
  /** Absent: a single variant, no ratio. */
  b?: Target;
}

export interface PairResult {
  pair: Pair;
  a: RunStats[];
  b: RunStats[];
  /** Warm-up runs: not in the numbers, but checked and counted like the others. */
  warmups: RunStats[];
}

/**
 * Warms each variant up for `warmup` s, then `rounds` rounds in which each variant runs `duration` s, the order
 * alternating from round to round (a, b; b, a; …) so that a change of load on the machine hits both alike.
 */
export async function comparePair(pair: Pair, settings: RunSettings): Promise<PairResult> {
  const { connections, warmup, rounds, requestTimeout } = settings;
  const duration = pair.duration ?? settings.duration;
  const variants = pair.b ? [pair.a, pair.b] : [pair.a];
  const result: PairResult = { pair, a: [], b: [], warmups: [] };
  const labelWidth = Math.max(...variants.map((v) => v.label.length));
  console.log(`\n${pair.name}`);
  if (warmup > 0) {
    for (const target of variants) {
      const stats = await measure(target, warmup, connections, requestTimeout);
      result.warmups.push(stats);
      console.log(`  warm-up  ${target.label.padEnd(labelWidth)} ${describeRun(stats, false)}`);
    }
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const target of order) {
      const stats = await measure(target, duration, connections, requestTimeout);
      (target === pair.a ? result.a : result.b).push(stats);
      console.log(`  round ${round + 1}  ${target.label.padEnd(labelWidth)} ${describeRun(stats)}`);
    }
  }
  return result;
}

/**
 * Runs every variant of every pair for `initialWarmup` s, once, before anything is measured: the kit's code
 * paths keep getting faster for a few thousand requests (V8 tiers its functions up), far more than a 2 s
 * warm-up gives it at ~100 req/s on a loaded machine. Checked like the other runs; returns them.
 */
export async function initialWarmUp(pairs: Pair[], settings: RunSettings): Promise<RunStats[]> {
  const runs: RunStats[] = [];
  if (settings.initialWarmup === 0) return runs;
  console.log(`
Initial warm-up: ${settings.initialWarmup} s per variant`);
  const targets = pairs.flatMap((pair) => (pair.b ? [pair.a, pair.b] : [pair.a]).map((target) => ({ pair, target })));
  const labelWidth = Math.max(...targets.map(({ pair, target }) => `${pair.name}, ${target.label}`.length));
  for (const { pair, target } of targets) {
    const stats = await measure(target, settings.initialWarmup, settings.connections, settings.requestTimeout);
    runs.push(stats);
    console.log(`  ${`${pair.name}, ${target.label}`.padEnd(labelWidth)} ${describeRun(stats, false)}`);
  }
  return runs;
}

// ----- output --------------------------------------------------------------------------------------------------

export const fmtRps = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
export const fmtMs = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
export const fmtCpu = (v: number) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));
const fmtRatio = (v: number) => `${v.toFixed(2)}×`;
const spread = (values: number[], fmt: (v: number) => string) =>
  `${fmt(median(values))} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;

/** Median over the rounds of the per-round ratio a ÷ b (both were timed in that round). */
const roundRatio = (a: RunStats[], b: RunStats[], key: 'rps' | 'p99' | 'cpuPerRequest') => median(a.map((s, round) => s[key]! / b[round]![key]!));
const hasCpu = (runs: RunStats[]) => runs.length > 0 && runs.every((s) => s.cpuPerRequest !== undefined);

/** Bad responses of a variant over its measured and warm-up runs. */
function badOf(result: PairResult, target: Target | undefined): string {
  if (!target) return '—';
  const runs = [...(target === result.pair.a ? result.a : result.b), ...result.warmups.filter((w) => w.label === target.label)];
  const non2xx = runs.reduce((sum, s) => sum + s.non2xx, 0);
  const errors = runs.reduce((sum, s) => sum + s.errors, 0);
  const wrong = runs.reduce((sum, s) => sum + s.mismatches, 0);
  return errors + wrong === 0 ? String(non2xx) : `${non2xx} (+${errors} errors, ${wrong} wrong bodies)`;
}

/**
 * Prints one Markdown table: per measurement, req/s and p99 of both variants (median over the rounds, min–max
 * in brackets), the ratios a ÷ b, and the non-2xx count of each variant over all its runs (warm-up included).
 */
export function printTable(results: PairResult[], names: { a: string; b: string; measurement: string; showLabels: boolean }): void {
  const { a, b } = names;
  const header = [
    names.measurement,
    ...(names.showLabels ? [`${a} is`, `${b} is`] : []),
    `${a} req/s`,
    `${b} req/s`,
    `${a}/${b} req/s`,
    `${a} p99 ms`,
    `${b} p99 ms`,
    `${a}/${b} p99`,
    `${a} CPU ms/req`,
    `${b} CPU ms/req`,
    `${a}/${b} CPU`,
    `non-2xx (${a}, ${b})`,
  ];
  const rows = results.map((r) => [
    r.pair.name,
    ...(names.showLabels ? [r.pair.a.label, r.pair.b?.label ?? '—'] : []),
    spread(r.a.map((s) => s.rps), fmtRps),
    r.pair.b ? spread(r.b.map((s) => s.rps), fmtRps) : '—',
    r.pair.b ? fmtRatio(roundRatio(r.a, r.b, 'rps')) : '—',
    spread(r.a.map((s) => s.p99), fmtMs),
    r.pair.b ? spread(r.b.map((s) => s.p99), fmtMs) : '—',
    r.pair.b ? fmtRatio(roundRatio(r.a, r.b, 'p99')) : '—',
    hasCpu(r.a) ? spread(r.a.map((s) => s.cpuPerRequest!), fmtCpu) : '—',
    r.pair.b && hasCpu(r.b) ? spread(r.b.map((s) => s.cpuPerRequest!), fmtCpu) : '—',
    r.pair.b && hasCpu(r.a) && hasCpu(r.b) ? fmtRatio(roundRatio(r.a, r.b, 'cpuPerRequest')) : '—',
    `${badOf(r, r.pair.a)}, ${badOf(r, r.pair.b)}`,
  ]);
  const labelColumns = names.showLabels ? 3 : 1;
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => (c < labelColumns ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, c) => (c < labelColumns ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log();
  console.log('req/s: responses per second between the first and the last response of a run; p99: latency, from autocannon.');
  console.log('req/s, p99, CPU: median over the rounds (min–max of the rounds in brackets); ratios: median over the rounds of the');
  console.log('per-round ratio (both variants ran in that round); CPU ms/req: CPU time (user + system, all threads) the server');
  console.log('process used from the start of the run until idle again ÷ requests sent; non-2xx: over the rounds and the warm-up of the pair.');
}

/** Prints what the servers logged (the kit logs 4xx/5xx responses at warn) and whether any response was bad. */
export function reportProblems(results: PairResult[], servers: ServerHandle[], initialWarmups: RunStats[] = []): void {
  for (const server of servers) {
    const lines = server.logLines();
    const before = server.linesBeforeMeasuring ?? 0;
    console.log(
      `${server.name} (pid ${server.pid}) wrote ${before} log line(s) during the checks before measuring (their expected 401/403) ` +
        `and ${lines - before} while measuring${lines > 0 ? '; the last ones:' : '.'}`,
    );
    for (const line of server.logTail()) console.log(`    ${line}`);
  }
  const measured = results.flatMap((r) => [...r.a, ...r.b]).filter((s) => !validRun(s));
  const bad = [...measured, ...[...initialWarmups, ...results.flatMap((r) => r.warmups)].filter((s) => badCount(s) > 0)];
  if (bad.length > 0) {
    console.log(`⚠ ${bad.length} run(s) had non-2xx responses, errors, wrong bodies or too few responses (see ⚠ above): their numbers are not valid. Exit code 1.`);
    process.exitCode = 1;
  } else {
    console.log('Every response of every run (warm-ups included) was 2xx with the expected body; no connection errors or timeouts.');
  }
}
