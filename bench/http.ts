/**
 * HTTP benchmark: the kit's server against a hand-written Express 5 + pg server (bench/baseline-server.ts)
 * doing the same SQL, on the three hero endpoints, with autocannon, in interleaved rounds, on a throw-away
 * PostgreSQL database.
 *
 *   GET  /api/heroes/:id/   one hero (public)
 *   GET  /api/heroes/       the first 100 heroes (public)
 *   POST /api/heroes/       create a hero (the kit: bearer token of an admin, create:hero; the baseline: no auth)
 *   PATCH /api/heroes/:id/  rename a hero (the kit: bearer token of an admin, update:hero; the baseline: no auth)
 *   and both writes again with the baseline authenticating the same token (`create-auth`, `patch-auth`): its one
 *   hand-written query for the token and the permission, the work the kit does for a bearer token
 *
 * 50 connections unless BENCH_CONNECTIONS says otherwise; the kit logs one access line per request (LOG_LEVEL
 * info; BENCH_KIT_LOG_LEVEL=warn turns the access log off, to measure what it costs). Prints each server's peak RSS.
 *
 * Run: npm run bench:http   (needs a PostgreSQL server; see bench/README.md)
 * Settings (env): DATABASE_URL, BENCH_CONNECTIONS, BENCH_DURATION, BENCH_INITIAL_WARMUP, BENCH_WARMUP, BENCH_ROUNDS, BENCH_HEROES,
 * BENCH_ONLY (get,list,create,patch,create-auth,patch-auth), BENCH_KIT_LOG_LEVEL, BENCH_REQUEST_TIMEOUT, BENCH_MAX_SECONDS
 */
import { join } from 'node:path';
import {
  check,
  comparePair,
  createBenchDatabase,
  displayUrl,
  idSequence,
  initialWarmUp,
  kitServerEnv,
  loadAverage,
  login,
  machineLine,
  peakRssMb,
  pickFromEnv,
  printTable,
  reportProblems,
  runBenchmark,
  runSettings,
  seedDatabase,
  sleep,
  startKitServer,
  startServer,
  timeLimit,
  type Pair,
  type PairResult,
  type ServerHandle,
  type Target,
} from './http-harness.js';

process.env.BENCH_CONNECTIONS ??= '50';
const settings = runSettings();
const kitLogLevel = process.env.BENCH_KIT_LOG_LEVEL ?? 'info';
const ENDPOINTS = ['get', 'list', 'create', 'patch', 'create-auth', 'patch-auth'] as const;
type Endpoint = (typeof ENDPOINTS)[number];
const endpoints = pickFromEnv('BENCH_ONLY', ENDPOINTS);

const ADMIN = 'bench.admin';
const CREATE_BODY = JSON.stringify({ name: 'Bench Hero', secret_name: 'Bench Secret', age: 42 });
const PATCH_BODY = JSON.stringify({ name: 'Patched Hero' });
const LIST_LIMIT = 100;

/** GET a body from both servers and insist they are the same bytes. */
async function sameBody(kit: ServerHandle, baseline: ServerHandle, path: string): Promise<string> {
  const [a, b] = await Promise.all([fetch(kit.baseUrl + path), fetch(baseline.baseUrl + path)]);
  const [bodyA, bodyB] = await Promise.all([a.text(), b.text()]);
  check(a.status === 200 && b.status === 200, `GET ${path}: kit ${a.status}, baseline ${b.status}`);
  check(bodyA === bodyB, `GET ${path} answers differ:\n  kit      ${bodyA.slice(0, 300)}\n  baseline ${bodyB.slice(0, 300)}`);
  return bodyA;
}

/** Checks that the two servers answer the same, so that they are timed doing the same work. */
async function checkSameAnswers(kit: ServerHandle, baseline: ServerHandle, heroIds: number[], token: string): Promise<void> {
  for (const id of [heroIds[0]!, heroIds[heroIds.length >> 1]!, heroIds[heroIds.length - 1]!]) await sameBody(kit, baseline, `/api/heroes/${id}/`);
  const list = JSON.parse(await sameBody(kit, baseline, '/api/heroes/')) as Array<{ id: number }>;
  check(list.length === LIST_LIMIT && list[0]!.id === heroIds[0], `the list has ${list.length} heroes`);

  const post = (server: ServerHandle, headers: Record<string, string>) =>
    fetch(`${server.baseUrl}/api/heroes/`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: CREATE_BODY });
  const anonymous = await post(kit, {});
  await anonymous.arrayBuffer();
  check(anonymous.status === 401, `the kit's POST without a token answered ${anonymous.status}, not 401`);
  const [a, b] = await Promise.all([post(kit, { authorization: `Bearer ${token}` }), post(baseline, {})]);
  const [createdA, createdB] = (await Promise.all([a.json(), b.json()])) as Array<Record<string, unknown>>;
  check(a.status === 201 && b.status === 201, `POST: kit ${a.status}, baseline ${b.status}`);
  const strip = ({ id: _id, created_at: _created, ...rest }: Record<string, unknown>) => rest;
  check(
    JSON.stringify(Object.keys(createdA!)) === JSON.stringify(Object.keys(createdB!)) && JSON.stringify(strip(createdA!)) === JSON.stringify(strip(createdB!)),
    `POST answers differ: kit ${JSON.stringify(createdA)}, baseline ${JSON.stringify(createdB)}`,
  );
  // The baseline's authenticated variant really looks the token up: a token it does not know is refused.
  const [known, unknown] = await Promise.all([post(baseline, { authorization: `Bearer ${token}` }), post(baseline, { authorization: `Bearer ${token}x` })]);
  await Promise.all([known.arrayBuffer(), unknown.arrayBuffer()]);
  check(known.status === 201 && unknown.status === 401, `the baseline answered ${known.status} to the admin's token and ${unknown.status} to an unknown one (201, 401 expected)`);
}

function pairs(kit: ServerHandle, baseline: ServerHandle, heroIds: number[], token: string): Record<Endpoint, Pair> {
  const ids = idSequence(heroIds);
  const firstId = heroIds[0]!;
  const getOne = (server: ServerHandle, label: string): Target => ({
    label,
    server,
    method: 'GET',
    path: (i) => `/api/heroes/${ids[i % ids.length]}/`,
    verify: (body) => body.startsWith('{"id":'),
  });
  const list = (server: ServerHandle, label: string): Target => ({
    label,
    server,
    method: 'GET',
    path: () => '/api/heroes/',
    verify: (body) => body.startsWith(`[{"id":${firstId},`) && body.endsWith('}]'),
  });
  const create = (server: ServerHandle, label: string, headers: Record<string, string>): Target => ({
    label,
    server,
    method: 'POST',
    path: () => '/api/heroes/',
    headers: { 'content-type': 'application/json', ...headers },
    body: () => CREATE_BODY,
    verify: (body) => body.startsWith('{"id":') && body.includes('"name":"Bench Hero"'),
  });
  const patch = (server: ServerHandle, label: string, headers: Record<string, string>): Target => ({
    label,
    server,
    method: 'PATCH',
    path: (i) => `/api/heroes/${ids[i % ids.length]}/`,
    headers: { 'content-type': 'application/json', ...headers },
    body: () => PATCH_BODY,
    verify: (body) => body.startsWith('{"id":') && body.includes('"name":"Patched Hero"'),
  });
  const bearer = { authorization: `Bearer ${token}` };
  return {
    get: { name: 'GET /api/heroes/:id/', a: getOne(kit, 'kit'), b: getOne(baseline, 'baseline') },
    list: { name: `GET /api/heroes/ (${LIST_LIMIT})`, a: list(kit, 'kit'), b: list(baseline, 'baseline') },
    create: {
      name: 'POST /api/heroes/',
      a: create(kit, 'kit (admin bearer)', bearer),
      b: create(baseline, 'baseline (no auth)', {}),
    },
    patch: {
      name: 'PATCH /api/heroes/:id/',
      a: patch(kit, 'kit (admin bearer)', bearer),
      b: patch(baseline, 'baseline (no auth)', {}),
    },
    'create-auth': {
      name: 'POST, both authenticated',
      a: create(kit, 'kit (admin bearer)', bearer),
      b: create(baseline, 'baseline (admin bearer)', bearer),
    },
    'patch-auth': {
      name: 'PATCH, both authenticated',
      a: patch(kit, 'kit (admin bearer)', bearer),
      b: patch(baseline, 'baseline (admin bearer)', bearer),
    },
  };
}

async function main(): Promise<void> {
  const { connections, duration, warmup, rounds, heroes } = settings;
  console.log('HTTP benchmark: the kit server vs a raw Express 5 + pg baseline (autocannon)');
  console.log(machineLine());
  console.log(`Server ${displayUrl(settings.serverUrl)}`);
  console.log(
    `Settings: BENCH_CONNECTIONS=${connections} BENCH_DURATION=${duration} BENCH_INITIAL_WARMUP=${settings.initialWarmup} BENCH_WARMUP=${warmup} BENCH_ROUNDS=${rounds} BENCH_HEROES=${heroes} BENCH_ONLY=${endpoints.join(',')} BENCH_KIT_LOG_LEVEL=${kitLogLevel}`,
  );

  const db = await createBenchDatabase(settings.serverUrl);
  console.log(`PostgreSQL ${db.version}, database ${db.name}`);
  const { heroIds } = await seedDatabase(db.url, [{ username: ADMIN, role: 'admin', cost: 12 }], heroes);
  console.log(`Seeded ${heroIds.length} heroes and the admin ${ADMIN}.`);

  const kit = await startKitServer(kitServerEnv(db.url, kitLogLevel), '/default/healthcheck/?readiness=true');
  const baseline = await startServer('baseline server', join('dist', 'bench', 'baseline-server.js'), { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' }, '/healthz');
  console.log(`kit server pid ${kit.pid} at ${kit.baseUrl}; baseline pid ${baseline.pid} at ${baseline.baseUrl}`);

  const token = await login(kit.baseUrl, ADMIN);
  await checkSameAnswers(kit, baseline, heroIds, token);
  console.log('Checked: both servers answer the same bodies for GET one and GET list, and the same fields for POST; the baseline refuses a token it does not know.');
  await sleep(300); // let the servers' log lines of the checks arrive
  for (const server of [kit, baseline]) server.linesBeforeMeasuring = server.logLines();

  const all = pairs(kit, baseline, heroIds, token);
  const chosen = endpoints.map((name) => all[name]);
  const results: PairResult[] = [];
  const started = Date.now();
  const initialWarmups = await initialWarmUp(chosen, settings);
  for (const pair of chosen) results.push(await comparePair(pair, settings));
  console.log(`\nMeasured in ${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end: ${loadAverage()}\n`);
  printTable(results, { a: 'kit', b: 'baseline', measurement: 'endpoint', showLabels: false });
  console.log();
  const rss = (server: ServerHandle) => peakRssMb(server.pid)?.toFixed(0) ?? '?';
  console.log(`Peak RSS (VmHWM): kit ${rss(kit)} MB, baseline ${rss(baseline)} MB`);
  reportProblems(results, [kit, baseline], initialWarmups);
}

const planned = endpoints.length * (2 * settings.initialWarmup + 2 * settings.warmup + 2 * settings.rounds * settings.duration);
await runBenchmark(main, timeLimit(planned));
