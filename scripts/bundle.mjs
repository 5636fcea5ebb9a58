#!/usr/bin/env node
/**
 * The production server bundle, `dist/server.bundle.cjs`: what `npm start` runs (src/start.ts).
 *
 * A start of the compiled modules is mostly module loading: some 1,800 files (the kit's ES modules, 1,100
 * CommonJS modules of node_modules), each resolved, stat'ed, read and compiled. esbuild puts the compiled server
 * (dist/src/server.js), every app module the server loads and the packages they import into one CommonJS file,
 * which the kit's code cache (core/compile-cache.ts) then loads compiled. It bundles dist/, so it runs after tsc,
 * and only when dist/ was built since the bundle was (`--force` bundles anyway).
 *
 * Apps are found by folder at run time (core/apps.ts); the bundle holds the ones present when it was made, so
 * it is made again after a build (`npm run build`). Left outside, loaded from node_modules as usual: native
 * addons, WebAssembly, worker threads and files read beside a package's own code, and what only Redis needs.
 *
 * Plain JavaScript, like build.mjs. Usage: `node scripts/bundle.mjs [--force]` (npm run build runs both).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
export const bundleFile = join(dist, 'server.bundle.cjs');

/** The app modules the server imports (core/apps.ts, core/templating); `commands` and `testing` are the CLI's. */
const SERVER_MODULES = ['models', 'signals', 'providers', 'tasks', 'middleware', 'routers', 'web', 'templating'];

/**
 * Loaded from node_modules at run time. Native addons (bcrypt); packages that find files beside their own code
 * (PGlite's WebAssembly, pino's worker-thread transports, Swagger UI's and ReDoc's assets); ioredis and BullMQ,
 * which the kit loads by name only when REDIS_URL is set (bundled too, they would be loaded twice); drivers and
 * tools knex and MikroORM name but the server never loads.
 */
const EXTERNAL = [
  'bcrypt',
  '@electric-sql/pglite',
  'pino',
  'pino-pretty',
  'thread-stream',
  'swagger-ui-express',
  'swagger-ui-dist',
  'redoc',
  'ioredis',
  'bullmq',
  'pg-native',
  'pg-query-stream',
  'better-sqlite3',
  'sqlite3',
  'mysql',
  'mysql2',
  'oracledb',
  'tedious',
  'libsql',
  'mariadb',
  'typescript',
  'ts-morph',
  '@mikro-orm/entity-generator',
  '@mikro-orm/seeder',
  '@mikro-orm/cli',
];

/** `import * as …` for each server module of each app in dist/src/apps, and the call that hands them to discovery. */
function bundledAppsSource() {
  const appsDir = join(dist, 'src', 'apps');
  const imports = [];
  const apps = [];
  for (const app of readdirSync(appsDir).sort()) {
    if (app.startsWith('.') || app.startsWith('_') || !statSync(join(appsDir, app)).isDirectory()) continue;
    const modules = [];
    for (const name of SERVER_MODULES) {
      const file = [`${name}.js`, `${name}/index.js`].find((candidate) => existsSync(join(appsDir, app, candidate)));
      if (!file) continue;
      const id = `app${imports.length}`;
      imports.push(`import * as ${id} from ${JSON.stringify(`./src/apps/${app}/${file}`)};`);
      modules.push(`${JSON.stringify(name)}: ${id}`);
    }
    apps.push(`  ${JSON.stringify(app)}: { ${modules.join(', ')} },`);
  }
  return [`import { useBundledApps } from './src/core/apps.js';`, ...imports, 'useBundledApps({', ...apps, '});', ''].join('\n');
}

/**
 * The apps' registration is a module of its own, imported before the server's: every app module is registered
 * before the server looks for one.
 */
const bundledApps = {
  name: 'bundled-apps',
  setup(build) {
    build.onResolve({ filter: /^kit:bundled-apps$/ }, () => ({ path: 'bundled-apps', namespace: 'kit' }));
    build.onLoad({ filter: /.*/, namespace: 'kit' }, () => ({ contents: bundledAppsSource(), resolveDir: dist, loader: 'js' }));
  },
};

/**
 * The kit loads some CommonJS packages with `createRequire(import.meta.url)` (MikroORM: faster than an ES import
 * on Node 20, core/db/mikro-orm.ts). In the bundle that is the bundle's own `require`, which esbuild follows, so
 * those packages are bundled once instead of being loaded again from node_modules.
 */
const kitRequire = {
  name: 'kit-require',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('createRequire(import.meta.url)')) return undefined;
      const contents = source.replace(/const require = createRequire\(import\.meta\.url\);/g, '').replace(/createRequire\(import\.meta\.url\)/g, 'require');
      return { contents, loader: 'js' };
    });
  },
};

/** True when the bundle is newer than the last build of dist/ (build.mjs's stamp). */
function current() {
  return existsSync(bundleFile) && existsSync(stamp) && statSync(bundleFile).mtimeMs > statSync(stamp).mtimeMs;
}

export async function bundleServer() {
  await esbuild.build({
    stdin: {
      contents: "import 'kit:bundled-apps';\nexport { startFromCommandLine } from './src/server.js';\n",
      resolveDir: dist,
      sourcefile: 'server-bundle-entry.js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundleFile,
    // MikroORM names entities by their class names: a class esbuild renamed to avoid a clash would be another entity.
    keepNames: true,
    sourcemap: 'linked',
    external: EXTERNAL,
    // `import()` becomes `require`: the bundle is a script compiled from V8's code cache, which keeps no loader
    // for `import()` (core/compile-cache.ts), and every package left outside has a CommonJS entry.
    supported: { 'dynamic-import': false },
    // The kit finds package.json and its folders from `import.meta.url`: here, the bundle's own location in dist/.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [bundledApps, kitRequire],
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--force') || !current()) {
    const started = Date.now();
    await bundleServer();
    if (process.env.BUILD_VERBOSE) console.error(`bundle: esbuild took ${Date.now() - started} ms`);
  }
}
