/**
 * A V8 code cache for the CommonJS modules of node_modules. The server's start compiles some 1,100 of them
 * (MikroORM, knex, lodash, express, …): about a sixth of its start went to compiling what did not change since
 * the last start. Node ≥ 22.1 has this built in (`module.enableCompileCache`, ES modules too), used when there.
 * On Node 20 the kit compiles those modules the way Node does (the same wrapper, `require`, `module`, `exports`)
 * but with V8's cached data, all of it in one file under node_modules/.cache/ (read once, ~3 MB). An entry is
 * used only for the same source text (its hash) and the same V8 (V8 rejects data of another version or flags);
 * anything else is compiled as usual and cached at the next flush. V8 flags set while running (v8.setFlagsFromString)
 * change what V8 accepts: set them after the flush. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 * The production server bundle (`dist/server.bundle.cjs`, scripts/bundle.mjs) is cached the same way: `npm start`
 * (start.ts) turns the cache on, then loads it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { dirname, join, sep } from 'node:path';
import vm from 'node:vm';
// The paths only: the settings' index would load zod before the cache is on.
import { projectRoot } from '../settings/paths.js';
import { SERVER_BUNDLE } from './server-bundle.js';

/** The CommonJS loader's internals the hook uses (stable since Node 12; not in @types/node). */
interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string, format?: string): unknown;
}
interface CjsModuleStatics {
  prototype: CjsModule;
  wrap(source: string): string;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: CjsModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  enableCompileCache?: (dir: string) => unknown;
  flushCompileCache?: () => void;
}
const Module = nodeModule as unknown as CjsModuleStatics;

/** Where the cache lives by default. */
export const compileCacheDir = join(projectRoot, 'node_modules', '.cache', 'kit-compile-cache');
/** The cache file in `dir`: one per Node version and architecture, so an upgrade starts a new file. */
const cacheFileIn = (dir: string): string => join(dir, `cjs-${process.version}-${process.arch}.bin`);
const MAGIC = 'kit-cjs-cache-1\n';
const STATE = Symbol.for('kit.compile-cache');

interface Entry {
  hash: string;
  data: Buffer;
}
interface CacheState {
  /** filename → cached code, as read at enable; released at the first flush. */
  entries: Map<string, Entry>;
  /** Scripts compiled without usable cached data, with their source hash: their data is produced at the flush. */
  fresh: Map<string, { hash: string; script: vm.Script }>;
  enabled?: 'node' | 'kit';
  cacheFile: string;
  /** Modules compiled in this process with cached data V8 accepted. */
  hits: number;
}

/**
 * The process's one cache. Kept on globalThis: the server bundle holds a second copy of this module (its own,
 * bundled), and the copy that loaded the bundle is the one that cached it; both must see the same cache.
 */
const state: CacheState = ((globalThis as { [STATE]?: CacheState })[STATE] ??= { entries: new Map(), fresh: new Map(), cacheFile: '', hits: 0 });

/** What the cache did in this process: `kit` is the Node 20 hook, `node` Node's own cache. */
export function compileCacheStats(): { mode: 'node' | 'kit' | 'off'; hits: number; compiled: number } {
  return { mode: state.enabled ?? 'off', hits: state.hits, compiled: state.fresh.size };
}

const hashOf = (source: string): string => createHash('sha1').update(source).digest('base64');
/**
 * The server bundle is identified by its size and time instead: hashing its 8 MB took some 20 ms of each start,
 * and the build writes a new file each time, never the same one in place.
 */
const bundleIdentity = (filename: string): string => {
  const { size, mtimeMs } = statSync(filename);
  return `bundle:${size}:${mtimeMs}`;
};

/** The file: MAGIC, the index's length (8 hex digits), the index (JSON: [filename, hash, length][]), the data. */
function readCache(): Map<string, Entry> {
  const read = new Map<string, Entry>();
  let file: Buffer;
  try {
    file = readFileSync(state.cacheFile);
  } catch {
    return read;
  }
  try {
    if (file.toString('latin1', 0, MAGIC.length) !== MAGIC) return read;
    const indexLength = Number.parseInt(file.toString('latin1', MAGIC.length, MAGIC.length + 8), 16);
    let offset = MAGIC.length + 8;
    const index = JSON.parse(file.toString('utf8', offset, offset + indexLength)) as Array<[string, string, number]>;
    offset += indexLength;
    for (const [filename, hash, length] of index) {
      read.set(filename, { hash, data: file.subarray(offset, offset + length) });
      offset += length;
    }
    return read;
  } catch {
    return new Map(); // a damaged file: compile everything again, the flush rewrites it
  }
}

/**
 * Writes what this process compiled anew into the cache file (merged with what the file holds now, written
 * atomically: another process may read it meanwhile), then lets go of the cache read at the start (some MB): a
 * module loaded later is compiled as usual, and cached at the next flush (at exit at the latest).
 */
export function flushCompileCache(): void {
  const { entries, fresh, cacheFile } = state;
  if (state.enabled === 'node') Module.flushCompileCache?.();
  if (state.enabled !== 'kit') return;
  entries.clear();
  if (fresh.size === 0) return;
  const merged = readCache();
  for (const [filename, { hash, script }] of fresh) merged.set(filename, { hash, data: script.createCachedData() });
  fresh.clear();
  const index: Array<[string, string, number]> = [];
  const chunks: Buffer[] = [];
  for (const [filename, { hash, data }] of merged) {
    index.push([filename, hash, data.length]);
    chunks.push(data);
  }
  const indexText = JSON.stringify(index);
  const header = MAGIC + Buffer.byteLength(indexText).toString(16).padStart(8, '0') + indexText;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(header), ...chunks]));
    renameSync(tmp, cacheFile);
  } catch {
    // A read-only installation: the cache is an optimisation, the process runs the same without it.
  }
}

const inNodeModules = `${sep}node_modules${sep}`;
/** `import(` anywhere, comments included (JSDoc types): such a file is left to Node. */
const dynamicImport = /\bimport\s*\(/;

/** Node's `require` for a module (what its loader's makeRequireFunction builds). */
function requireFor(mod: CjsModule): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) => Module._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => Module._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions as NodeJS.Require['extensions'];
  require.cache = Module._cache as NodeJS.Require['cache'];
  return require;
}

function installHook(): void {
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(this: CjsModule, content: string, filename: string, format?: string) {
    // ES modules (require(esm)), the project's own files and code that may `import()` take Node's way: V8 drops
    // the dynamic-import callback of a script built from cached data (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
    // The server bundle is the exception: scripts/bundle.mjs turns its every `import()` into `require` (only
    // comments mention it), so it lies outside node_modules and still takes the cache.
    const bundle = filename.endsWith(`${sep}${SERVER_BUNDLE}`);
    if (!bundle && (format === 'module' || !filename.includes(inNodeModules) || filename.endsWith('.mjs') || dynamicImport.test(content))) {
      return compile.call(this, content, filename, format);
    }
    const hash = bundle ? bundleIdentity(filename) : hashOf(content);
    const cached = state.entries.get(filename);
    let script: vm.Script;
    try {
      script = new vm.Script(Module.wrap(content), {
        filename,
        cachedData: cached?.hash === hash ? cached.data : undefined,
      });
    } catch {
      // Not CommonJS after all (ES syntax in a .js file Node detects as a module), or a syntax error: Node
      // handles both (and reports the error as usual).
      return compile.call(this, content, filename, format);
    }
    if (cached?.hash !== hash || script.cachedDataRejected) state.fresh.set(filename, { hash, script });
    else state.hits++;
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };
}

/**
 * Turns the cache on for the modules loaded from now on; the entry points do it first (`compile-cache-on.ts`).
 * The cache is written by `flushCompileCache()` (the server calls it once listening) and when the process exits.
 */
export function enableCompileCache(dir: string = compileCacheDir): void {
  if (state.enabled || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(dir);
    state.enabled = 'node';
  } else {
    state.cacheFile = cacheFileIn(dir);
    for (const [filename, entry] of readCache()) state.entries.set(filename, entry);
    installHook();
    state.enabled = 'kit';
  }
  process.once('exit', flushCompileCache);
}
