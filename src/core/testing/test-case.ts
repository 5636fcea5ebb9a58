import type { EntityManager } from '@mikro-orm/postgresql';
import { getOrm, setFallbackEntityManager } from '../db/index.js';
import { loadFixtures, type FixtureSource, type LoadReport } from '../fixtures/index.js';
import { assertNumQueries, captureQueries, type CaptureOptions } from './query-counter.js';

/** Options of `useTestCase`. */
export interface TestCaseOptions {
  /** Fixtures loaded before each test, by name (`users`), path or `{ app }`; inside the test's transaction. */
  fixtures?: FixtureSource[];
  /** Restart every id sequence at 1 before each test, so ids are predictable (opt-in; costs a statement). */
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
}

async function restartSequences(em: EntityManager): Promise<void> {
  const rows = await em.execute<Array<{ name: string }>>(
    "select quote_ident(sequence_schema) || '.' || quote_ident(sequence_name) as name from information_schema.sequences where sequence_schema = current_schema()",
  );
  if (rows.length > 0) await em.execute(`select ${rows.map((r) => `setval('${r.name}', 1, false)`).join(', ')}`);
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
  const testCase: TestCase = {
    get em() {
      if (!em) throw new Error('t.em is only available inside a test (beforeEach, it, afterEach).');
      return em;
    },
    assertNumQueries,
    captureQueries,
    loadFixtures: (...sources) => loadFixtures(sources),
  };
  beforeEach(async function () {
    const fork = getOrm().em.fork() as EntityManager;
    await fork.begin();
    em = fork;
    setFallbackEntityManager(fork);
    if (options.resetSequences) await restartSequences(fork);
    if (options.fixtures?.length) await loadFixtures(options.fixtures);
  });
  afterEach(async function () {
    setFallbackEntityManager(undefined);
    const fork = em;
    em = undefined;
    if (fork) await fork.rollback();
  });
  return testCase;
}
