/**
 * The code cache of node_modules' CommonJS modules (core/compile-cache.ts): a module compiled through it sees
 * what Node gives a module (`require`, `module`, `exports`, `this`, `__filename`, `__dirname`), one that may
 * `import()` is left to Node and imports; a second process uses the cached code; a changed source, even of the
 * same length, is compiled again (never the stale code); a damaged cache file is ignored; the server bundle is
 * cached though it lies outside node_modules, a second copy of the module (the bundle's) shares the first's
 * cache, and a rebuilt bundle is compiled again. Each process is a child `node`, with the cache in a temporary
 * folder and a package in a temporary node_modules.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { distSrcRoot } from '../../settings/paths.js';

const run = promisify(execFile);

interface Report {
  stats: { mode: string; hits: number; compiled: number };
  demo: { value: string; thisIsExports: boolean; filename: string; dirname: string; resolved: string; other: string; mainIsProcessMain: boolean; cacheHasSelf: boolean; imported: string };
}

describe('compile cache (node_modules CommonJS)', function () {
  this.timeout(30_000);
  let root: string;
  let cacheDir: string;
  let pkg: string;

  const writeDemo = (value: string) => {
    writeFileSync(
      join(pkg, 'index.js'),
      `const other = require('./other');
module.exports = { value: ${JSON.stringify(value)}, thisIsExports: this === exports, filename: __filename, dirname: __dirname,
  resolved: require.resolve('./other'), other, mainIsProcessMain: require.main === process.mainModule,
  cacheHasSelf: require.cache[__filename] === module, load: require('./dyn') };
`,
    );
  };

  /** Runs a child that enables the cache in `cacheDir`, requires the package, flushes; returns what it saw. */
  async function child(): Promise<Report> {
    const script = `
      import { createRequire } from 'node:module';
      const { enableCompileCache, flushCompileCache, compileCacheStats } = await import(${JSON.stringify(join(distSrcRoot, 'core', 'compile-cache.js'))});
      enableCompileCache(${JSON.stringify(cacheDir)});
      const demo = createRequire(${JSON.stringify(join(root, 'x.js'))})('demo');
      const imported = (await demo.load()).default;
      const stats = compileCacheStats();
      flushCompileCache();
      console.log(JSON.stringify({ stats, demo: { ...demo, load: undefined, imported } }));`;
    const env = { ...process.env };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env });
    return JSON.parse(stdout) as Report;
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kit-compile-cache-'));
    cacheDir = join(root, 'cache');
    pkg = join(root, 'node_modules', 'demo');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'demo', version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(pkg, 'other.js'), `module.exports = 'other';\n`);
    writeFileSync(join(pkg, 'esm.mjs'), `export default 'from esm';\n`);
    // A module that may import() is compiled by Node (V8 drops the import callback of cached code).
    writeFileSync(join(pkg, 'dyn.js'), `module.exports = () => import('./esm.mjs');\n`);
    writeDemo('one');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('gives a module what Node gives it, and a second process the cached code', async function () {
    const first = await child();
    if (first.stats.mode === 'node') this.skip(); // Node's own cache (Node ≥ 22.1): nothing of the kit's to test
    expect(first.stats).to.deep.equal({ mode: 'kit', hits: 0, compiled: 2 });
    expect(first.demo).to.deep.equal({
      value: 'one',
      thisIsExports: true,
      filename: join(pkg, 'index.js'),
      dirname: pkg,
      resolved: join(pkg, 'other.js'),
      other: 'other',
      mainIsProcessMain: true,
      cacheHasSelf: true,
      imported: 'from esm',
    });
    expect(readdirSync(cacheDir)).to.have.length(1);

    const second = await child();
    expect(second.stats).to.deep.equal({ mode: 'kit', hits: 2, compiled: 0 });
    expect(second.demo).to.deep.equal(first.demo);
  });

  it('compiles a changed source again, even of the same length', async function () {
    const first = await child();
    if (first.stats.mode === 'node') this.skip();
    writeDemo('two'); // same length as 'one': V8's own check (the length) would take the old code
    const second = await child();
    expect(second.demo.value).to.equal('two');
    expect(second.stats).to.deep.equal({ mode: 'kit', hits: 1, compiled: 1 });
    const third = await child();
    expect(third.demo.value).to.equal('two');
    expect(third.stats.hits).to.equal(2);
  });

  it('ignores a damaged cache file', async function () {
    const first = await child();
    if (first.stats.mode === 'node') this.skip();
    const [file] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, file!), 'kit-cjs-cache-1\nffffffff{not json');
    const second = await child();
    expect(second.demo.value).to.equal('one');
    expect(second.stats).to.deep.equal({ mode: 'kit', hits: 0, compiled: 2 });
    expect((await child()).stats.hits).to.equal(2);
  });

  /** A child that enables the cache through one copy of the module, loads a bundle that reports through a second. */
  async function bundleChild(): Promise<{ first: Report['stats']; second: Report['stats']; value: string; imported: string }> {
    const moduleUrl = pathToFileURL(join(distSrcRoot, 'core', 'compile-cache.js')).href;
    const script = `
      import { createRequire } from 'node:module';
      const first = await import(${JSON.stringify(moduleUrl)});
      first.enableCompileCache(${JSON.stringify(cacheDir)});
      const bundle = createRequire(${JSON.stringify(join(root, 'x.js'))})(${JSON.stringify(join(root, 'server.bundle.cjs'))});
      // The bundle's own copy of the module: another instance, the same cache.
      const second = await import(${JSON.stringify(`${moduleUrl}?bundled-copy`)});
      second.enableCompileCache(${JSON.stringify(cacheDir)});
      const stats = [first.compileCacheStats(), second.compileCacheStats()];
      const imported = (await bundle.load()).default;
      second.flushCompileCache();
      console.log(JSON.stringify({ first: stats[0], second: stats[1], value: bundle.value, imported }));`;
    const env = { ...process.env };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env });
    return JSON.parse(stdout) as { first: Report['stats']; second: Report['stats']; value: string; imported: string };
  }

  it('caches the server bundle, outside node_modules, through either copy of the module', async function () {
    // Comments mention import() (as bundled packages' JSDoc does); the code has none (esbuild made them require).
    writeFileSync(join(root, 'server.bundle.cjs'), `/** @type {import('x').Y} */\nmodule.exports = { value: 'bundled', load: async () => ({ default: require('demo/other.js') }) };\n`);
    const first = await bundleChild();
    if (first.first.mode === 'node') this.skip();
    expect(first).to.deep.equal({ first: { mode: 'kit', hits: 0, compiled: 1 }, second: { mode: 'kit', hits: 0, compiled: 1 }, value: 'bundled', imported: 'other' });
    const second = await bundleChild();
    expect(second).to.deep.equal({ first: { mode: 'kit', hits: 1, compiled: 0 }, second: { mode: 'kit', hits: 1, compiled: 0 }, value: 'bundled', imported: 'other' });
    // A new build writes the bundle again (same length here): compiled again, never the old code.
    writeFileSync(join(root, 'server.bundle.cjs'), `/** @type {import('x').Y} */\nmodule.exports = { value: 'rebuilt', load: async () => ({ default: require('demo/other.js') }) };\n`);
    utimesSync(join(root, 'server.bundle.cjs'), new Date(), new Date(Date.now() + 5_000));
    const third = await bundleChild();
    expect(third.value).to.equal('rebuilt');
    expect(third.first).to.deep.equal({ mode: 'kit', hits: 0, compiled: 1 });
  });
});
