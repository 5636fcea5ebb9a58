/**
 * The project's test setup, required by `.mocharc.json`: the kit's root hooks (one migrated test database per
 * run), given the project's providers so the tests use its ORM configuration and `t.client` serves its app.
 */
import { createMochaHooks } from './core/testing/index.js';
import { projectProviders } from './project.js';

/** Mocha's root hooks. */
export const mochaHooks = createMochaHooks(projectProviders);
