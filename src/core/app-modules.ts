/**
 * The app modules a server loads (core/apps.ts, core/templating): what the server bundle holds of each app
 * (scripts/bundle.mjs reads this list from dist/). `commands` and `testing` are the CLI's and the tests'.
 * No imports: the bundle script loads this file alone.
 */
export const SERVER_APP_MODULES = ['models', 'signals', 'providers', 'tasks', 'middleware', 'routers', 'web', 'templating'] as const;
