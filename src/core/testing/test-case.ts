import type { EntityManager } from '@mikro-orm/postgresql';
import { getOrm, setFallbackEntityManager } from '../db/index.js';
import { resolveOptional, token } from '../di/index.js';
import { loadFixtures, type FixtureSource, type LoadReport } from '../fixtures/index.js';
import { assertNumQueries, captureQueries, type CaptureOptions } from './query-counter.js';
import { createTestClient, testApp, type TestClient } from './client.js';
import type { RouteTable } from '../http/index.js';

/** A user or a group: what `t.addPermissions` works on. */
export interface PermissionHolder {
  extendPermissions(permissions: never[]): Promise<void>;
  hasPermissions(names: readonly string[]): Promise<boolean>;
}
/** How `t.addPermissions` finds permissions by name. */
export type PermissionLookup = (names: string[]) => Promise<unknown[]>;
/** The token of the `PermissionLookup`: the user app's `testing` module provides it. */
export const PermissionLookup = token<PermissionLookup>('PermissionLookup');
const beforeEachHooks: Array<() => void | Promise<void>> = [];
/** Runs `hook` before every test of every test case (apps reset their per-process state with it). */
export function beforeEachTestCase(hook: () => void | Promise<void>): void {
  beforeEachHooks.push(hook);
}

/** Options of `useTestCase`. */
export interface TestCaseOptions {
  /** Fixtures loaded before each test, by name (`users`), path or `{ app }`; inside the test's transaction. */
  fixtures?: FixtureSource[];
  /** Restart every id sequence before each test, so ids are predictable: 1 for a table empty at the start (opt-in; costs two statements). */
  resetSequences?: boolean;
}

/** What a test reaches through `t`. */
export interface TestCase {
  /** The test's EntityManager (inside its transaction). */
  readonly em: EntityManager;
  /** Fails unless `fn` runs exactly `n` SQL statements. */
  assertNumQueries<T>(n: number, fn: () => Promise<T> | T, options?: CaptureOptions): Promise<T>;
  /** The statements `fn` runs. */
  captureQueries<T>(fn: () => Promise<T> | T, options?: CaptureOptions): Promise<{ result: T; queries: string[] }>;
  /** Loads more fixtures inside the test's transaction. */
  loadFixtures(...sources: FixtureSource[]): Promise<LoadReport>;
  /** An HTTP client on the app (no port); a new one, without cookies, for each test. Its requests join the test's transaction. */
  readonly client: TestClient;
  /**
   * Gives a user or a group the named permissions it lacks (they must exist) and checks that it now holds them.
   * @example await t.addPermissions(user, ['update:hero']);
   */
  addPermissions(holder: PermissionHolder, names: string[]): Promise<void>;
  /** The path of a named route: `t.urlFor('hero-get', { pk: 1 })` → `/api/heroes/1/`. */
  urlFor(name: string, params?: Record<string, string | number>, query?: Record<string, string | number | boolean>): string;
}

/**
 * Restarts each id sequence just after the highest id its table holds: 1 for a table empty at the start of the
 * test, after the committed rows otherwise (the CRUD permissions and groups the migrations made). `setval` is
 * not undone by the rollback, so restarting at 1 a table with committed rows would break every later insert.
 */
async function restartSequences(em: EntityManager): Promise<void> {
  const rows = await em.execute<Array<{ sequence: string; owner: string | null; column: string | null }>>(
    `select quote_ident(n.nspname) || '.' || quote_ident(s.relname) as "sequence",
            quote_ident(n.nspname) || '.' || quote_ident(t.relname) as "owner", quote_ident(a.attname) as "column"
       from pg_class s
       join pg_namespace n on n.oid = s.relnamespace
       left join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
       left join pg_class t on t.oid = d.refobjid
       left join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
      where s.relkind = 'S' and n.nspname = current_schema()`,
  );
  const next = (r: (typeof rows)[number]) => (r.owner && r.column ? `coalesce((select max(${r.column}) from ${r.owner}), 0) + 1` : '1');
  if (rows.length > 0) await em.execute(`select ${rows.map((r) => `setval('${r.sequence}', ${next(r)}, false)`).join(', ')}`);
}

/**
 * Declares, inside a mocha `describe`, that each test runs in a database transaction rolled back afterwards:
 * fast (≈0.5 ms) and isolated. Fixtures load inside it; HTTP requests made by the test join it.
 * @example
 * describe('posts', () => {
 *   const t = useTestCase({ fixtures: ['posts'] });
 *   it('counts', async () => { expect(await Post.count()).to.equal(2); });
 * });
 */
export function useTestCase(options: TestCaseOptions = {}): TestCase {
  let em: EntityManager | undefined;
  let client: TestClient | undefined;
  let routes: RouteTable | undefined;
  const testCase: TestCase = {
    get em() {
      if (!em) throw new Error('t.em is only available inside a test (beforeEach, it, afterEach).');
      return em;
    },
    assertNumQueries,
    captureQueries,
    loadFixtures: (...sources) => loadFixtures(sources),
    get client() {
      if (!client) throw new Error('t.client is only available inside a test (beforeEach, it, afterEach).');
      return client;
    },
    async addPermissions(holder, names) {
      const permissionLookup = resolveOptional(PermissionLookup);
      if (!permissionLookup) throw new Error('No permission lookup: the user app is not loaded.');
      const found = await permissionLookup(names);
      if (found.length !== names.length) throw new Error(`Unknown permissions among: ${names.join(', ')}.`);
      await holder.extendPermissions(found as never[]);
      if (!(await holder.hasPermissions(names))) throw new Error(`Could not give the permissions ${names.join(', ')}.`);
    },
    urlFor(name, params, query) {
      if (!routes) throw new Error('t.urlFor is only available inside a test.');
      return routes.urlFor(name, params, query);
    },
  };
  beforeEach(async function () {
    for (const hook of beforeEachHooks) await hook();
    const fork = getOrm().em.fork() as EntityManager;
    await fork.begin();
    em = fork;
    setFallbackEntityManager(fork);
    if (options.resetSequences) await restartSequences(fork);
    client = await createTestClient();
    routes = (await testApp()).routes;
    if (options.fixtures?.length) await loadFixtures(options.fixtures);
  });
  afterEach(async function () {
    setFallbackEntityManager(undefined);
    client = undefined;
    const fork = em;
    em = undefined;
    if (fork) await fork.rollback();
  });
  return testCase;
}
