/**
 * Profiles the kit's server under load on one hero endpoint: seeds a throw-away PostgreSQL database, starts the
 * server with bench/profile-hook.ts preloaded, warms it up, profiles `BENCH_DURATION` s of autocannon load
 * (`BENCH_CONNECTIONS` connections) and prints the self time by package and by file (bench/profile-summary.ts).
 *
 * Run: npm run bench:profile   (BENCH_PROFILE=create|patch|get|list, default create)
 * BENCH_PROFILE_KIND=alloc samples what is allocated instead of the CPU time (bench/profile-hook.ts).
 * BENCH_PROFILE_SERVER=baseline profiles the raw Express + pg server (bench/baseline-server.ts) the same way, to compare.
 * Settings (env): DATABASE_URL, BENCH_PROFILE, BENCH_CONNECTIONS (50), BENCH_DURATION (10), BENCH_WARMUP (5),
 * BENCH_PROFILE_DIR (where the .cpuprofile stays; default a temporary folder), BENCH_KIT_LOG_LEVEL (info), BENCH_TOP (20),
 * BENCH_SHOW_SQL=1 (no profile: the server logs its SQL, and the statements of one request are printed)
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createBenchDatabase,
  describeRun,
  idSequence,
  intEnv,
  kitServerEnv,
  login,
  machineLine,
  measure,
  pickFromEnv,
  projectRoot,
  runBenchmark,
  runSettings,
  seedDatabase,
  sleep,
  startServer,
  type Target,
  type ServerHandle,
} from './http-harness.js';
import { formatSummary, readProfile } from './profile-summary.js';

process.env.BENCH_CONNECTIONS ??= '50';
process.env.BENCH_DURATION ??= '10';
process.env.BENCH_WARMUP ??= '5';
const settings = runSettings();
const [endpoint] = pickFromEnv('BENCH_PROFILE', ['create', 'patch', 'get', 'list'] as const);
const top = intEnv('BENCH_TOP', 20, 1);
const [profiled] = pickFromEnv('BENCH_PROFILE_SERVER', ['kit', 'baseline'] as const);
const ADMIN = 'bench.admin';

/** `token`: the bearer the kit's writes send; the baseline is profiled without one (it would look it up and refuse it). */
function target(server: ServerHandle, heroIds: number[], token: string | undefined): Target {
  const ids = idSequence(heroIds);
  const auth = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  switch (endpoint) {
    case 'create':
      return { label: 'POST', server, method: 'POST', path: () => '/api/heroes/', headers: auth, body: () => '{"name":"Profiled","secret_name":"S","age":3}', verify: (b) => b.startsWith('{"id":') };
    case 'patch':
      return { label: 'PATCH', server, method: 'PATCH', path: (i) => `/api/heroes/${ids[i % ids.length]}/`, headers: auth, body: (i) => `{"name":"Patched ${i}"}`, verify: (b) => b.startsWith('{"id":') };
    case 'get':
      return { label: 'GET one', server, method: 'GET', path: (i) => `/api/heroes/${ids[i % ids.length]}/`, verify: (b) => b.startsWith('{"id":') };
    default:
      return { label: 'GET list', server, method: 'GET', path: () => '/api/heroes/', verify: (b) => b.startsWith('[{"id":') };
  }
}

async function main(): Promise<void> {
  console.log(`CPU profile of the kit server, ${endpoint}: ${machineLine()}`);
  const dir = resolve(process.env.BENCH_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'kit-profile-')));
  mkdirSync(dir, { recursive: true });
  const db = await createBenchDatabase(settings.serverUrl);
  const { heroIds } = await seedDatabase(db.url, [{ username: ADMIN, role: 'admin', cost: 12 }], settings.heroes);
  const hook = pathToFileURL(join(projectRoot, 'dist', 'bench', 'profile-hook.js')).href;
  const showSql = process.env.BENCH_SHOW_SQL === '1';
  const env = { ...kitServerEnv(db.url, process.env.BENCH_KIT_LOG_LEVEL ?? 'info'), BENCH_PROFILE_DIR: dir, ...(showSql ? { DB_DEBUG: 'true' } : {}) };
  const kit = profiled === 'kit'
    ? await startServer('kit server', join('dist', 'src', 'server.js'), env, '/default/healthcheck/?readiness=true', ['--import', hook])
    : await startServer('baseline server', join('dist', 'bench', 'baseline-server.js'), { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn', BENCH_PROFILE_DIR: dir }, '/healthz', ['--import', hook]);
  const load = target(kit, heroIds, profiled === 'kit' ? await login(kit.baseUrl, ADMIN) : undefined);
  if (showSql) {
    await sleep(500);
    const before = kit.logLines();
    const res = await fetch(kit.baseUrl + load.path(0), { method: load.method, headers: load.headers, ...(load.body ? { body: load.body(0) } : {}) });
    console.log(`${load.method} ${load.path(0)}: ${res.status} ${(await res.text()).slice(0, 120)}`);
    await sleep(500);
    console.log(`The server logged ${kit.logLines() - before} line(s) for it; the last ones:\n${kit.logTail().slice(-(kit.logLines() - before)).join('\n')}`);
    return;
  }

  if (settings.warmup > 0) console.log(`warm-up  ${describeRun(await measure(load, settings.warmup, settings.connections, settings.requestTimeout), false)}`);
  const before = new Set(readdirSync(dir));
  process.kill(kit.pid, 'SIGUSR2');
  await sleep(200);
  console.log(`profiled ${describeRun(await measure(load, settings.duration, settings.connections, settings.requestTimeout))}`);
  process.kill(kit.pid, 'SIGUSR2');
  let file: string | undefined;
  for (let waited = 0; !file && waited < 30_000; waited += 200) {
    await sleep(200);
    file = readdirSync(dir).find((name) => /\.(cpu|heap)profile$/.test(name) && !before.has(name));
  }
  if (!file || !existsSync(join(dir, file))) throw new Error(`the server wrote no profile into ${dir}`);
  const profile = readProfile(join(dir, file));
  console.log(`\n${formatSummary(join(dir, file), profile, 'package', top)}\n\n${formatSummary(file, profile, 'file', top)}`);
}

await runBenchmark(main, intEnv('BENCH_MAX_SECONDS', 600, 10));
