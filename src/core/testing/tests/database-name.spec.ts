/** The databases test runs create on a server are named `<TEST_DATABASE_PREFIX>_test_…` / `_e2e_…` (default `kit`). */
import { expect } from 'chai';
import { testDatabaseName } from '../processes.js';

describe('test database names', () => {
  const saved = process.env.TEST_DATABASE_PREFIX;
  afterEach(() => {
    if (saved === undefined) delete process.env.TEST_DATABASE_PREFIX;
    else process.env.TEST_DATABASE_PREFIX = saved;
  });

  it('start with kit_test_ or kit_e2e_ by default, and with TEST_DATABASE_PREFIX when it is set', () => {
    delete process.env.TEST_DATABASE_PREFIX;
    expect(testDatabaseName('test')).to.match(/^kit_test_\d+_[0-9a-f]{6}$/);
    process.env.TEST_DATABASE_PREFIX = 'ci_42';
    expect(testDatabaseName('e2e')).to.match(/^ci_42_e2e_\d+_[0-9a-f]{6}$/);
  });

  it('refuse a prefix that is not an identifier (it is quoted into SQL)', () => {
    process.env.TEST_DATABASE_PREFIX = 'bad"; drop';
    expect(() => testDatabaseName('test')).to.throw(/TEST_DATABASE_PREFIX must be/);
  });
});
