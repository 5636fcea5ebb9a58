/**
 * What the production server bundle is (scripts/bundle.mjs makes it, src/start.ts runs it), in one place for the
 * kit, the bundle script, the tests and the benchmarks. No imports: the bundle script loads this file alone.
 */

/** The bundle's file name, in dist/. */
export const SERVER_BUNDLE = 'server.bundle.cjs';

/**
 * The app modules a server loads (core/apps.ts, core/templating): what the bundle holds of each app.
 * `commands` and `testing` are the CLI's and the tests'.
 */
export const SERVER_APP_MODULES = ['models', 'signals', 'providers', 'tasks', 'middleware', 'routers', 'web', 'templating'] as const;

/** Part of what `npm start` prints when it cannot run the bundle and starts the compiled modules instead. */
export const STARTED_WITHOUT_BUNDLE = 'starting the compiled modules';
