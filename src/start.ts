/**
 * `npm start`: the production start, no compilation. It runs the server bundle (`dist/server.bundle.cjs`, made by
 * `npm run build`) with the code cache on: one file loaded compiled, instead of some 1,800 modules each resolved,
 * read and compiled. When the bundle is missing or older than the last build of dist/ (`npm run serve` or
 * `npm test` compiled since), it says so and starts the compiled modules instead: never code older than dist/.
 * Arguments as `node dist/src/server.js`: `--port N`, `--host H`.
 */
import './core/compile-cache-on.js';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SERVER_BUNDLE, STARTED_WITHOUT_BUNDLE } from './core/server-bundle.js';
import { projectRoot } from './settings/paths.js';

type ServerEntry = { startFromCommandLine(): Promise<void> };

const bundleFile = join(projectRoot, 'dist', SERVER_BUNDLE);
/** Written by scripts/build.mjs after each compilation of dist/. */
const buildStamp = join(projectRoot, 'dist', '.build-stamp');

const modifiedMs = (file: string): number | undefined => statSync(file, { throwIfNoEntry: false })?.mtimeMs;

/** True when the bundle exists and was made after the last build of dist/ (scripts/bundle.mjs bundles after it). */
export function bundleIsCurrent(bundleMs: number | undefined, builtMs: number | undefined): boolean {
  return bundleMs !== undefined && (builtMs === undefined || bundleMs > builtMs);
}

async function serverEntry(): Promise<ServerEntry> {
  const bundleMs = modifiedMs(bundleFile);
  if (bundleIsCurrent(bundleMs, modifiedMs(buildStamp))) return createRequire(import.meta.url)(bundleFile) as ServerEntry;
  const why = bundleMs === undefined ? `there is no dist/${SERVER_BUNDLE}` : `dist/${SERVER_BUNDLE} is older than dist/`;
  console.error(`start: ${why}; ${STARTED_WITHOUT_BUNDLE} (a slower start). \`npm run build\` makes the bundle.`);
  return (await import('./server.js')) as ServerEntry;
}

if (import.meta.url === `file://${process.argv[1]}`) await (await serverEntry()).startFromCommandLine();
