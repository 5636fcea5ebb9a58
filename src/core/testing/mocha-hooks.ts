/**
 * The mocha root hooks of the kit (`.mocharc.json` requires this file): one database for the whole run,
 * migrated once; each `useTestCase` then isolates its tests by rollback.
 */
import 'reflect-metadata';
import { loadAppTestHelpers, loadApps } from '../apps.js';
import { closeTestDatabase, openTestDatabase } from './test-database.js';

process.env.APP_ENVIRONMENT ??= 'test';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    await loadApps();
    await loadAppTestHelpers();
    await openTestDatabase();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await closeTestDatabase();
  },
};
