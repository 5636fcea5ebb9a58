/**
 * The project's test setup, required by `.mocharc.json`: the kit's root hooks (one migrated test database per
 * run), given the project's app factory so `t.client` serves the real app.
 */
import { createMochaHooks } from './core/testing/index.js';
import { createApp } from './main.js';

/** Mocha's root hooks. */
export const mochaHooks = createMochaHooks({ createApp });
