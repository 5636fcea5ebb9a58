/**
 * HTTP benchmark of what authentication and permission checks cost in the kit's server (no baseline), with
 * autocannon, in interleaved rounds, on a throw-away PostgreSQL database:
 *
 *   GET   /api/heroes/:id/   with a valid bearer token  vs  anonymous           (authentication: one query)
 *   PATCH /api/heroes/:id/   as a user holding update:hero  vs  as an admin     (the permission check)
 *   POST  /api/auth/token/   logins of a user whose bcrypt hash has cost 12  vs  cost 4
 *
 * Run: npm run bench:auth   (needs a PostgreSQL server; see bench/README.md)
 * Settings (env): DATABASE_URL, BENCH_CONNECTIONS, BENCH_DURATION, BENCH_INITIAL_WARMUP, BENCH_WARMUP, BENCH_ROUNDS, BENCH_HEROES,
 * BENCH_LOGIN_COSTS (12,4), BENCH_LOGIN_DURATION, BENCH_ONLY (get,patch,login), BENCH_REQUEST_TIMEOUT, BENCH_MAX_SECONDS
 */
import {
  BENCH_PASSWORD,
  check,
  comparePair,
  createBenchDatabase,
  displayUrl,
  idSequence,
  initialWarmUp,
  intEnv,
  kitServerEnv,
  listEnv,
  loadAverage,
  login,
  machineLine,
  pickFromEnv,
  printTable,
  reportProblems,
  runBenchmark,
  runSettings,
  seedDatabase,
  sleep,
  startKitServer,
  timeLimit,
  type Pair,
  type PairResult,
  type SeedUser,
  type ServerHandle,
  type Target,
} from './http-harness.js';

const settings = runSettings();
const MEASUREMENTS = ['get', 'patch', 'login'] as const;
type Measurement = (typeof MEASUREMENTS)[number];
const measurements = pickFromEnv('BENCH_ONLY', MEASUREMENTS);
const loginCosts = listEnv('BENCH_LOGIN_COSTS', ['12', '4']).map((raw) => {
  const cost = Number(raw);
  if (!Number.isInteger(cost) || cost < 4 || cost > 15) throw new Error(`BENCH_LOGIN_COSTS: ${raw} is not a bcrypt cost (4–15).`);
  return cost;
});
if (loginCosts.length < 1 || loginCosts.length > 2) throw new Error('BENCH_LOGIN_COSTS takes one or two costs, e.g. 12,4.');

/**
 * Seconds per measured login run: longer than the others, because a login at cost 12 takes about 0.25 s of CPU
 * and with 10 connections the first answers come after seconds: 15 s gives some 40 logins per run on 2 loaded cores.
 */
const loginDuration = intEnv('BENCH_LOGIN_DURATION', 15, 1);

const ADMIN = 'bench.admin';
const EDITOR = 'bench.editor';
const NOBODY = 'bench.nobody';
const loginUser = (cost: number) => `bench.login${cost}`;

async function status(server: ServerHandle, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<number> {
  const res = await fetch(server.baseUrl + path, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  await res.arrayBuffer();
  return res.status;
}

/** Checks that the variants do what they claim: the token is accepted, the permission is needed and checked. */
async function checkVariants(kit: ServerHandle, tokens: { admin: string; editor: string; nobody: string }, getId: number, patchId: number): Promise<void> {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const [anonymous, authenticated] = await Promise.all([
    fetch(`${kit.baseUrl}/api/heroes/${getId}/`).then((r) => r.text()),
    fetch(`${kit.baseUrl}/api/heroes/${getId}/`, { headers: bearer(tokens.editor) }).then((r) => r.text()),
  ]);
  check(anonymous === authenticated && anonymous.startsWith('{"id":'), 'GET with and without a token answer differently');
  // The token is checked on that GET: a bad one is refused by a route that needs a user.
  check((await status(kit, 'GET', '/api/users/permissions/', bearer(tokens.editor))) === 200, 'the editor token is not accepted');
  check((await status(kit, 'GET', '/api/users/permissions/', bearer(`${tokens.editor}x`))) === 401, 'a tampered token is accepted');
  const patch = JSON.stringify({ age: 1 });
  check((await status(kit, 'PATCH', `/api/heroes/${patchId}/`, {}, patch)) === 401, 'PATCH without a token is not 401');
  check((await status(kit, 'PATCH', `/api/heroes/${patchId}/`, bearer(tokens.nobody), patch)) === 403, 'PATCH by a user without update:hero is not 403');
  check((await status(kit, 'PATCH', `/api/heroes/${patchId}/`, bearer(tokens.editor), patch)) === 200, 'PATCH by the update:hero holder is not 200');
  check((await status(kit, 'PATCH', `/api/heroes/${patchId}/`, bearer(tokens.admin), JSON.stringify({ age: 2 }))) === 200, 'PATCH by the admin is not 200');
}

function pairs(kit: ServerHandle, heroIds: number[], tokens: { admin: string; editor: string }): Record<Measurement, Pair> {
  // GETs read the first half of the heroes, PATCHes write the second half: no GET waits on a PATCH's row lock.
  const half = heroIds.length >> 1;
  const readIds = idSequence(heroIds.slice(0, half));
  const writeIds = idSequence(heroIds.slice(half), 4096, 7);
  const getOne = (label: string, headers: Record<string, string>): Target => ({
    label,
    server: kit,
    method: 'GET',
    path: (i) => `/api/heroes/${readIds[i % readIds.length]}/`,
    headers,
    verify: (body) => body.startsWith('{"id":'),
  });
  // The age changes from one request to the next (97 is prime to the id cycle), so every PATCH writes a row.
  const patch = (label: string, token: string): Target => ({
    label,
    server: kit,
    method: 'PATCH',
    path: (i) => `/api/heroes/${writeIds[i % writeIds.length]}/`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: (i) => `{"age":${i % 97}}`,
    verify: (body) => body.startsWith('{"id":'),
  });
  const loginAt = (cost: number): Target => ({
    label: `bcrypt cost ${cost}`,
    server: kit,
    method: 'POST',
    path: () => '/api/auth/token/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: () => new URLSearchParams({ username: loginUser(cost), password: BENCH_PASSWORD }).toString(),
    verify: (body) => body.startsWith('{"access_token":"'),
  });
  return {
    get: {
      name: 'GET /api/heroes/:id/',
      a: getOne('bearer token (update:hero holder)', { authorization: `Bearer ${tokens.editor}` }),
      b: getOne('anonymous', {}),
    },
    patch: {
      name: 'PATCH /api/heroes/:id/',
      a: patch('update:hero holder', tokens.editor),
      b: patch('admin', tokens.admin),
    },
    login: {
      name: 'POST /api/auth/token/ (login)',
      duration: loginDuration,
      a: loginAt(loginCosts[0]!),
      ...(loginCosts[1] !== undefined ? { b: loginAt(loginCosts[1]) } : {}),
    },
  };
}

async function main(): Promise<void> {
  const { connections, duration, warmup, rounds, heroes } = settings;
  console.log('HTTP benchmark of authentication and permission checks in the kit server (autocannon)');
  console.log(machineLine());
  console.log(`Server ${displayUrl(settings.serverUrl)}`);
  console.log(
    `Settings: BENCH_CONNECTIONS=${connections} BENCH_DURATION=${duration} BENCH_INITIAL_WARMUP=${settings.initialWarmup} BENCH_WARMUP=${warmup} BENCH_ROUNDS=${rounds} BENCH_HEROES=${heroes} BENCH_LOGIN_COSTS=${loginCosts.join(',')} BENCH_LOGIN_DURATION=${loginDuration} BENCH_ONLY=${measurements.join(',')}`,
  );

  const db = await createBenchDatabase(settings.serverUrl);
  console.log(`PostgreSQL ${db.version}, database ${db.name}`);
  const users: SeedUser[] = [
    { username: ADMIN, role: 'admin', cost: 12 },
    { username: EDITOR, role: 'active', cost: 12, permissions: ['update:hero'] },
    { username: NOBODY, role: 'active', cost: 12 },
    ...loginCosts.map((cost): SeedUser => ({ username: loginUser(cost), role: 'active', cost })),
  ];
  const { heroIds, costs } = await seedDatabase(db.url, users, heroes);
  console.log(`Seeded ${heroIds.length} heroes and the users ${users.map((u) => `${u.username} (${u.role}, bcrypt cost ${costs.get(u.username)})`).join(', ')}.`);
  for (const cost of loginCosts) check(costs.get(loginUser(cost)) === cost, `the hash of ${loginUser(cost)} has cost ${costs.get(loginUser(cost))}, not ${cost}`);

  const env = kitServerEnv(db.url);
  const kit = await startKitServer(env, '/default/healthcheck/?readiness=true');
  console.log(`kit server pid ${kit.pid} at ${kit.baseUrl} (APP_ENVIRONMENT=${env.APP_ENVIRONMENT}, PASSWORD_HASH_ROUNDS=${env.PASSWORD_HASH_ROUNDS})`);

  const tokens = { admin: await login(kit.baseUrl, ADMIN), editor: await login(kit.baseUrl, EDITOR), nobody: await login(kit.baseUrl, NOBODY) };
  await checkVariants(kit, tokens, heroIds[0]!, heroIds[heroIds.length - 1]!);
  console.log('Checked: the bearer GET answers as the anonymous one; PATCH is 401 without a token, 403 without update:hero, 200 for the holder and the admin.');
  await sleep(300); // let the server's log lines of the checks arrive
  kit.linesBeforeMeasuring = kit.logLines();

  const all = pairs(kit, heroIds, tokens);
  const chosen = measurements.map((name) => all[name]);
  const results: PairResult[] = [];
  const started = Date.now();
  const initialWarmups = await initialWarmUp(chosen, settings);
  for (const pair of chosen) results.push(await comparePair(pair, settings));
  console.log(`\nMeasured in ${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end: ${loadAverage()}\n`);
  printTable(results, { a: 'A', b: 'B', measurement: 'measurement', showLabels: true });
  console.log();
  reportProblems(results, [kit], initialWarmups);
}

const planned = measurements.reduce(
  (sum, m) => sum + 2 * settings.initialWarmup + 2 * settings.warmup + 2 * settings.rounds * (m === 'login' ? loginDuration : settings.duration),
  0,
);
await runBenchmark(main, timeLimit(planned));
