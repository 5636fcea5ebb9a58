/**
 * Micro-benchmark of the model layer: the same three operations done three ways, in the same process,
 * in interleaved rounds, on a throw-away PostgreSQL database.
 *
 *   kit      — the active record: Post.get / Post.filter / Post.create(...).save(), each in its own withContext
 *   bare EM  — MikroORM alone on the kit's ORM instance: a fresh orm.em.fork() per operation
 *   raw pg   — a pg.Pool sending the equivalent SQL
 *
 * Run: npm run bench:models   (needs a PostgreSQL server; see bench/README.md)
 * Settings (env): DATABASE_URL, BENCH_ROUNDS, BENCH_OPS, BENCH_WARMUP_OPS, BENCH_CHUNK, BENCH_POSTS, BENCH_SHOW_SQL=1
 */
import 'reflect-metadata';
import { median, prng } from './stats.js';
import { adminQuery as adminQueryOn } from '../src/core/testing/processes.js';
import os from 'node:os';
import pg from 'pg';
import type { RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadApps } from '../src/core/apps.js';
import { registerProviders } from '../src/core/di/index.js';
import { projectProviders } from '../src/project.js';
import { closeDatabase, getOrm, initDatabase, migrate, onQuery, withContext } from '../src/core/db/index.js';
import { Post } from '../src/apps/blog/models/index.js';

// ----- settings ------------------------------------------------------------------------------------------------

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got ${JSON.stringify(raw)}.`);
  return n;
}

const settings = {
  serverUrl: process.env.DATABASE_URL || DEFAULT_URL,
  rounds: intEnv('BENCH_ROUNDS', 7, 1),
  ops: intEnv('BENCH_OPS', 500, 1),
  warmupOps: intEnv('BENCH_WARMUP_OPS', 300, 0),
  chunk: intEnv('BENCH_CHUNK', 25, 1),
  posts: intEnv('BENCH_POSTS', 1000, 3 * 20), // one post in three matches the filter, which needs 20
  showSql: process.env.BENCH_SHOW_SQL === '1',
};

/** The filter all three implementations run: case-insensitive "contains x", first 20 by id. */
const NEEDLE = 'x';
const FILTER_LIMIT = 20;

// ----- the SQL raw pg sends: the statements MikroORM sends for the same calls, with $n placeholders ---------------
// (BENCH_SHOW_SQL=1 prints what the ORM paths actually send.) Post.author is an eager ManyToOne, so both ORM paths
// load the author with a left join; raw pg does the same. The ORM sends its inserts inside begin … commit; raw pg
// sends the insert alone (autocommit), as hand-written code would.

const AUTHOR_COLUMNS = ['id', 'created_at', 'updated_at', 'username', 'first_name', 'last_name', 'password', 'email', 'address', 'age', 'role', 'status']
  .map((c) => `"a1"."${c}" as "a1__${c}"`)
  .join(', ');
const SELECT_POST = `select "p0".*, ${AUTHOR_COLUMNS} from "post" as "p0" left join "users" as "a1" on "p0"."author_id" = "a1"."id"`;
const SQL_GET = `${SELECT_POST} where "p0"."id" = $1 order by "p0"."id" asc limit $2`;
const SQL_FILTER = `${SELECT_POST} where "p0"."title" ilike $1 order by "p0"."id" asc limit $2`;
const SQL_INSERT =
  'insert into "post" ("created_at", "updated_at", "title", "description", "author_id") values ($1, $2, $3, $4, $5) returning "id", "created_at"';

// ----- helpers -------------------------------------------------------------------------------------------------

declare const gc: (() => void) | undefined;
const collectGarbage = () => (typeof gc === 'function' ? gc() : undefined);


const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The URL without its password, for printing. */
function displayUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

const adminQuery = (sql: string) => adminQueryOn(settings.serverUrl, sql);

// ----- the three implementations -------------------------------------------------------------------------------

type OpName = 'get' | 'filter' | 'create';
type ImplName = 'kit' | 'bare EM' | 'raw pg';
/** One operation: `i` is the index of the call (picks the id to read, names the row to insert). */
type Op = (i: number) => Promise<void>;

const OPS: readonly OpName[] = ['get', 'filter', 'create'];
const IMPLS: readonly ImplName[] = ['kit', 'bare EM', 'raw pg'];
const OP_LABEL: Record<OpName, string> = {
  get: 'get by id',
  filter: `filter ilike, limit ${FILTER_LIMIT}`,
  create: 'create + save',
};

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`Benchmark sanity check failed: ${message}`);
}

function implementations(pool: pg.Pool, ids: readonly number[], authorId: number): Record<ImplName, Record<OpName, Op>> {
  const orm = getOrm();
  const idAt = (i: number) => ids[i % ids.length]!;
  const pattern = `%${NEEDLE}%`;
  return {
    kit: {
      get: async (i) => {
        const post = await withContext(() => Post.get({ id: idAt(i) }));
        check(post !== null, 'kit get found nothing');
      },
      filter: async () => {
        const posts = await withContext(() => Post.filter({ title__icontains: NEEDLE }, { limit: FILTER_LIMIT }));
        check(posts.length === FILTER_LIMIT, 'kit filter returned too few rows');
      },
      create: async (i) => {
        const post = await withContext(() => Post.create({ title: `bench kit ${i}`, author_id: authorId }).save());
        check(typeof post.id === 'number', 'kit create got no id');
      },
    },
    'bare EM': {
      get: async (i) => {
        const em = orm.em.fork() as EntityManager;
        const post = await em.findOne(Post, { id: idAt(i) });
        check(post !== null, 'bare EM get found nothing');
      },
      filter: async () => {
        const em = orm.em.fork() as EntityManager;
        const posts = await em.find(Post, { title: { $ilike: pattern } }, { limit: FILTER_LIMIT, orderBy: { id: 'asc' } });
        check(posts.length === FILTER_LIMIT, 'bare EM filter returned too few rows');
      },
      create: async (i) => {
        const em = orm.em.fork() as EntityManager;
        // description: null as the kit's create() fills it (zod default), so both insert the same columns.
        // createdAt is filled by its onCreate hook at flush; the typings still ask for it, hence the cast.
        const data = { title: `bench em ${i}`, author: authorId, description: null } as RequiredEntityData<Post>;
        const post = em.create(Post, data);
        await em.flush();
        check(typeof post.id === 'number', 'bare EM create got no id');
      },
    },
    'raw pg': {
      get: async (i) => {
        const result = await pool.query(SQL_GET, [idAt(i), 1]);
        check(result.rowCount === 1, 'raw pg get found nothing');
      },
      filter: async () => {
        const result = await pool.query(SQL_FILTER, [pattern, FILTER_LIMIT]);
        check(result.rowCount === FILTER_LIMIT, 'raw pg filter returned too few rows');
      },
      create: async (i) => {
        const result = await pool.query(SQL_INSERT, [new Date(), null, `bench pg ${i}`, null, authorId]);
        check(typeof result.rows[0]?.id === 'number', 'raw pg create got no id');
      },
    },
  };
}

/** Runs `op` for calls start … start+count-1, one after another (as successive requests would); returns the ns taken. */
async function timeChunk(op: Op, start: number, count: number): Promise<bigint> {
  const t0 = process.hrtime.bigint();
  for (let i = start; i < start + count; i++) await op(i);
  return process.hrtime.bigint() - t0;
}

/**
 * One round of one operation: `ops` calls per implementation, cut into chunks of `chunk` calls that alternate
 * between the implementations (rotating which goes first), so a burst of load on the machine hits all three
 * alike. Returns µs per call for each implementation.
 */
async function timeRound(impls: Record<ImplName, Record<OpName, Op>>, op: OpName, start: number, ops: number, chunk: number, rotation: number): Promise<Record<ImplName, number>> {
  collectGarbage();
  const total = Object.fromEntries(IMPLS.map((impl) => [impl, 0n])) as Record<ImplName, bigint>;
  for (let done = 0, c = 0; done < ops; done += chunk, c++) {
    const count = Math.min(chunk, ops - done);
    for (let k = 0; k < IMPLS.length; k++) {
      const impl = IMPLS[(k + c + rotation) % IMPLS.length]!;
      total[impl] += await timeChunk(impls[impl][op], start + done, count);
    }
  }
  return Object.fromEntries(IMPLS.map((impl) => [impl, Number(total[impl]) / 1000 / ops])) as Record<ImplName, number>;
}

/** Statements MikroORM sends for one call of each ORM operation (raw pg always sends one). */
async function statementsPerOp(impls: Record<ImplName, Record<OpName, Op>>): Promise<Record<ImplName, Record<OpName, number>>> {
  const counts = {} as Record<ImplName, Record<OpName, number>>;
  for (const impl of IMPLS) {
    counts[impl] = {} as Record<OpName, number>;
    for (const op of OPS) {
      if (impl === 'raw pg') {
        counts[impl][op] = 1;
        continue;
      }
      const sql: string[] = [];
      const stop = onQuery((q) => sql.push(q.sql));
      try {
        await impls[impl][op](1_000_000);
      } finally {
        stop();
      }
      counts[impl][op] = sql.length;
      if (settings.showSql) {
        console.log(`  [${impl} ${op}]`);
        for (const s of sql) console.log(`    ${s}`);
      }
    }
  }
  if (settings.showSql) {
    console.log('  [raw pg]');
    for (const s of [SQL_GET, SQL_FILTER, SQL_INSERT]) console.log(`    ${s}`);
    console.log();
  }
  return counts;
}

/** Checks that the three implementations read the same rows, so they are timed doing the same work. */
async function checkSameResults(pool: pg.Pool, ids: readonly number[]): Promise<void> {
  const orm = getOrm();
  const id = ids[ids.length >> 1]!;
  const kitGet = await withContext(() => Post.get({ id }));
  const emGet = await orm.em.fork().findOne(Post, { id });
  const pgGet = (await pool.query(SQL_GET, [id, 1])).rows[0] as { title: string; a1__username: string };
  check(kitGet?.title === pgGet.title && emGet?.title === pgGet.title, 'get returned different rows');
  check(kitGet?.author?.username === pgGet.a1__username && emGet?.author?.username === pgGet.a1__username, 'get loaded different authors');

  const kitIds = (await withContext(() => Post.filter({ title__icontains: NEEDLE }, { limit: FILTER_LIMIT }))).map((p) => p.id);
  const emIds = (await orm.em.fork().find(Post, { title: { $ilike: `%${NEEDLE}%` } }, { limit: FILTER_LIMIT, orderBy: { id: 'asc' } })).map((p) => p.id);
  const pgIds = (await pool.query(SQL_FILTER, [`%${NEEDLE}%`, FILTER_LIMIT])).rows.map((r: { id: number }) => r.id);
  check(JSON.stringify(kitIds) === JSON.stringify(pgIds) && JSON.stringify(emIds) === JSON.stringify(pgIds), 'filter returned different rows');
}

// ----- output --------------------------------------------------------------------------------------------------

function formatUs(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function printTable(samples: Record<OpName, Record<ImplName, number[]>>, statements: Record<ImplName, Record<OpName, number>>): void {
  const header = ['operation', 'kit µs/op', 'bare EM µs/op', 'raw pg µs/op', 'kit/raw-pg', 'kit/bare-EM', 'SQL stmts/op (kit, EM, pg)'];
  // Each round timed the three side by side, so a ratio is taken within each round, then the median over the rounds.
  const ratio = (op: OpName, impl: ImplName) => median(samples[op].kit.map((kit, round) => kit / samples[op][impl][round]!));
  const rows = OPS.map((op) => {
    const med = Object.fromEntries(IMPLS.map((impl) => [impl, median(samples[op][impl])])) as Record<ImplName, number>;
    const cell = (impl: ImplName) => {
      const values = samples[op][impl];
      return `${formatUs(med[impl])} (${formatUs(Math.min(...values))}–${formatUs(Math.max(...values))})`;
    };
    return [
      OP_LABEL[op],
      cell('kit'),
      cell('bare EM'),
      cell('raw pg'),
      `${ratio(op, 'raw pg').toFixed(2)}×`,
      `${ratio(op, 'bare EM').toFixed(2)}×`,
      IMPLS.map((impl) => statements[impl][op]).join(', '),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, c) => (c === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log();
  console.log('µs/op: median over the rounds (min–max of the rounds in brackets); ratios: median over the rounds of kit ÷ the other, both timed in that round.');
}

// ----- main ----------------------------------------------------------------------------------------------------

const dbName = `kit_bench_${process.pid}`;
let pool: pg.Pool | undefined;
let databaseCreated = false;
let cleaning: Promise<void> | undefined;

/** Closes the ORM and the pool, then drops the benchmark database. Safe to call more than once. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    const errors: unknown[] = [];
    await closeDatabase().catch((e: unknown) => errors.push(e));
    if (pool) await pool.end().catch((e: unknown) => errors.push(e));
    if (databaseCreated) {
      // WITH (FORCE) (PostgreSQL 13+) also ends any connection the ORM or pool failed to close.
      await adminQuery(`drop database if exists ${quoteIdent(dbName)} with (force)`)
        .catch(() => adminQuery(`drop database if exists ${quoteIdent(dbName)}`))
        .then(() => console.log(`Dropped database ${dbName}.`))
        .catch((e: unknown) => errors.push(e));
    }
    for (const e of errors) console.error('Cleanup error:', e);
    if (errors.length > 0) process.exitCode = 1;
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const { rounds, ops, warmupOps, chunk, posts } = settings;
  console.log('Model-layer micro-benchmark: kit active record vs bare MikroORM EntityManager vs raw pg');
  console.log(`Node ${process.version} (${process.platform}/${process.arch}), gc exposed: ${typeof gc === 'function'}`);
  console.log(`CPU ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`Server ${displayUrl(settings.serverUrl)}, database ${dbName}`);
  console.log(`Settings: BENCH_ROUNDS=${rounds} BENCH_OPS=${ops} BENCH_WARMUP_OPS=${warmupOps} BENCH_CHUNK=${chunk} BENCH_POSTS=${posts}`);
  if (typeof gc !== 'function') console.log('(run with node --expose-gc to collect garbage before every timed batch)');

  await adminQuery(`create database ${quoteIdent(dbName)}`);
  databaseCreated = true;
  const url = databaseUrl(settings.serverUrl, dbName);
  const server = new pg.Client({ connectionString: url });
  await server.connect();
  const version = (await server.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  await server.end();
  console.log(`PostgreSQL ${version}`);

  await loadApps();
  registerProviders(projectProviders);
  await initDatabase({ url });
  const migrated = await migrate();
  console.log(`Migrated: ${migrated.migrations.join(', ') || '(nothing to apply)'}`);

  pool = new pg.Pool({ connectionString: url });
  // Seed: one author and `posts` posts, one in three with an "x" in its title (the filter's match).
  const author = await pool.query<{ id: number }>(
    `insert into users (created_at, username, first_name, last_name, password, role, status)
     values (now(), 'bench.author', 'Bench', 'Author', 'not-a-real-hash', 'active', 'active') returning id`,
  );
  const authorId = author.rows[0]!.id;
  await pool.query(
    `insert into post (created_at, title, description, author_id)
     select now(), 'Post ' || g || case when g % 3 = 0 then ' about Xylophones' else ' about pianos' end, 'Body of post ' || g, $1
     from generate_series(1, $2::int) as g`,
    [authorId, posts],
  );
  await pool.query('analyze');
  const seededIds = (await pool.query<{ id: number }>('select id from post order by id')).rows.map((r) => r.id);
  const random = prng(42);
  const ids = Array.from({ length: 4096 }, () => seededIds[Math.floor(random() * seededIds.length)]!);
  console.log(`Seeded 1 user and ${seededIds.length} posts.`);

  await checkSameResults(pool, ids);
  const impls = implementations(pool, ids, authorId);
  const statements = await statementsPerOp(impls);

  // Warm-up: JIT, connection pools, MikroORM metadata caches. Not recorded.
  let next = 0;
  if (warmupOps > 0) {
    for (const op of OPS) await timeRound(impls, op, next, warmupOps, chunk, 0);
    next += warmupOps;
  }

  // Interleaved rounds: every round times each operation for every implementation, chunk by chunk.
  const samples = Object.fromEntries(OPS.map((op) => [op, Object.fromEntries(IMPLS.map((impl) => [impl, [] as number[]]))])) as Record<
    OpName,
    Record<ImplName, number[]>
  >;
  const started = Date.now();
  for (let round = 0; round < rounds; round++) {
    for (const op of OPS) {
      const result = await timeRound(impls, op, next, ops, chunk, round);
      for (const impl of IMPLS) samples[op][impl].push(result[impl]);
    }
    next += ops;
    if (process.stdout.isTTY) process.stdout.write(`\rround ${round + 1}/${rounds}`);
  }
  if (process.stdout.isTTY) process.stdout.write(`\r${' '.repeat(20)}\r`);
  console.log(`Measured ${rounds} rounds × ${ops} ops × ${OPS.length} operations × ${IMPLS.length} implementations in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  printTable(samples, statements);
  console.log(`Load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
