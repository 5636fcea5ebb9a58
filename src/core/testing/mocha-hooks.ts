/**
 * The mocha root hooks of the kit: one database for the whole run, migrated once; each `useTestCase` then
 * isolates its tests by rollback. The project's test setup (`src/test-setup.ts`, required by `.mocharc.json`)
 * exports them with its app factory.
 */
import 'reflect-metadata';
import { loadAppTestHelpers, loadApps } from '../apps.js';
import { provide, registerProviders } from '../di/index.js';
import { AppFactory } from './client.js';
import { closeTestDatabase, openTestDatabase } from './test-database.js';

process.env.APP_ENVIRONMENT ??= 'test';

/** What the project gives the test toolkit. */
export interface MochaHooksOptions {
  /** Builds the project's app, for `t.client` and `testApp()`. */
  createApp: AppFactory;
}

/**
 * The root hooks for `.mocharc.json`: registers the app factory, loads the apps and their test helpers, opens
 * and migrates the test database before the run, closes it after.
 * @example export const mochaHooks = createMochaHooks({ createApp });
 */
export function createMochaHooks(options: MochaHooksOptions) {
  registerProviders([provide(AppFactory, { useValue: options.createApp })]);
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
