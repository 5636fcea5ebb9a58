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
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseExpressionAt } from 'acorn';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
// What the bundle is, as the compiled kit says (core/server-bundle.ts): its name and the app modules it holds.
const { SERVER_BUNDLE, SERVER_APP_MODULES } = await import(pathToFileURL(join(dist, 'src', 'core', 'server-bundle.js')).href);
const bundleFile = join(dist, SERVER_BUNDLE);


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
async function bundledAppsSource() {
  const appsDir = join(dist, 'src', 'apps');
  const imports = [];
  const apps = [];
  for (const app of readdirSync(appsDir).sort()) {
    if (app.startsWith('.') || app.startsWith('_') || !statSync(join(appsDir, app)).isDirectory()) continue;
    const modules = [];
    for (const name of SERVER_APP_MODULES) {
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
    build.onLoad({ filter: /.*/, namespace: 'kit' }, async () => ({ contents: await bundledAppsSource(), resolveDir: dist, loader: 'js' }));
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

/** `const handOver = <pure annotation> __name((…) => …, "handOver")`: a function keepNames named, at any depth. */
const NAMED_FUNCTION = /\b(?:const|let|var) ([\w$]+) = \/\* @__PURE__ \*\/ (__name\()/g;

/**
 * Takes out keepNames' `__name(fn, "x")` around a function expression bound to a variable of that very name: the
 * function gets that name from its binding anyway, and the call (a property definition) would run each time
 * the enclosing code runs: for the request pipeline's closures, some 2% of a GET's CPU. The wrappers that do
 * something stay: classes, renamed bindings, declarations. Each cut lies within a line (the source map holds).
 */
export function dropRedundantNames(code) {
  const cuts = [];
  for (const match of code.matchAll(NAMED_FUNCTION)) {
    const callStart = match.index + match[0].length - match[2].length;
    const call = parseExpressionAt(code, callStart, { ecmaVersion: 'latest' });
    const [fn, name] = call.arguments ?? [];
    const anonymous = fn?.type === 'ArrowFunctionExpression' || (fn?.type === 'FunctionExpression' && !fn.id);
    if (call.type !== 'CallExpression' || !anonymous || name?.type !== 'Literal' || name.value !== match[1]) continue;
    const before = [callStart, fn.start];
    const after = [fn.end, call.end];
    if ([before, after].some(([from, to]) => code.slice(from, to).includes('\n'))) continue;
    cuts.push(before, after);
  }
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [from, to] of cuts) {
    out += code.slice(at, from);
    at = to;
  }
  return { code: out + code.slice(at), dropped: cuts.length / 2 };
}

/**
 * esbuild writes ASCII except in the comments it keeps; one character past Latin-1 there (a `→`, a `ツ`) makes
 * V8 hold the whole 8 MB source as two bytes a character. Escaped, the source stays one byte a character.
 */
export const asciiOnly = (code) => code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** True when the bundle is newer than the last build of dist/ (build.mjs's stamp). */
function current() {
  return existsSync(bundleFile) && existsSync(stamp) && statSync(bundleFile).mtimeMs > statSync(stamp).mtimeMs;
}

export async function bundleServer() {
  const result = await esbuild.build({
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
    write: false,
  });
  for (const file of result.outputFiles) {
    writeFileSync(file.path, file.path === bundleFile ? asciiOnly(dropRedundantNames(file.text).code) : file.contents);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--force') || !current()) {
    const started = Date.now();
    await bundleServer();
    if (process.env.BUILD_VERBOSE) console.error(`bundle: esbuild took ${Date.now() - started} ms`);
  }
}
