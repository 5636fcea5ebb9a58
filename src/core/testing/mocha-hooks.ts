/**
 * The mocha root hooks of the kit: one database for the whole run, migrated once; each `useTestCase` then
 * isolates its tests by rollback. The project's test setup (`src/test-setup.ts`, required by `.mocharc.json`)
 * exports them, given the project's providers.
 */
import 'reflect-metadata';
import { loadAppTestHelpers, loadApps } from '../apps.js';
import { registerProviders, type Provider } from '../di/index.js';
import { closeTestDatabase, openTestDatabase } from './test-database.js';

process.env.APP_ENVIRONMENT ??= 'test';

/**
 * The root hooks for `.mocharc.json`: registers the project's providers (its ORM configuration and app factory),
 * loads the apps and their test helpers, opens and migrates the test database before the run, closes it after.
 * @example export const mochaHooks = createMochaHooks(projectProviders);
 */
export function createMochaHooks(providers: readonly Provider[]) {
  registerProviders(providers);
  return {
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
}
