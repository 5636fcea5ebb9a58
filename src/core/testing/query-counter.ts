import { AssertionError } from 'node:assert';
import { onQuery, type LoggedQuery } from '../db/index.js';

/** Options of `assertNumQueries` and `captureQueries`. */
export interface CaptureOptions {
  /** Count BEGIN/COMMIT/SAVEPOINT/RELEASE too (default false: the same save is 3 statements in production and 1 in a test). */
  includeTxControl?: boolean;
}

/**
 * Runs `fn` and returns the SQL statements it caused, requests it awaits included (a time window: mocha runs
 * tests one at a time).
 */
export async function captureQueries<T>(fn: () => Promise<T> | T, options: CaptureOptions = {}): Promise<{ result: T; queries: string[] }> {
  const queries: string[] = [];
  const stop = onQuery((query: LoggedQuery) => {
    if (options.includeTxControl || !query.txControl) queries.push(query.sql);
  });
  try {
    const result = await fn();
    return { result, queries };
  } finally {
    stop();
  }
}

/**
 * Fails unless `fn` runs exactly `expected` SQL statements (transaction control not counted by default);
 * the failure lists the statements. Returns what `fn` returned.
 * @example await t.assertNumQueries(1, () => Post.all());
 */
export async function assertNumQueries<T>(expected: number, fn: () => Promise<T> | T, options: CaptureOptions = {}): Promise<T> {
  const { result, queries } = await captureQueries(fn, options);
  if (queries.length !== expected) {
    const list = queries.map((sql, i) => `  ${i + 1}. ${sql}`).join('\n');
    throw new AssertionError({
      message: `Expected ${expected} queries, ran ${queries.length}:\n${list}`,
      actual: queries.length,
      expected,
      operator: 'assertNumQueries',
    });
  }
  return result;
}
