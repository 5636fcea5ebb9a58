#!/usr/bin/env node
/**
 * The development build: compiles only when something changed, and only what changed.
 *
 * 0. Rebuilds `src/migrations/index.ts` when it does not list exactly the migration files present (a migration
 *    deleted after `manage migrate down` would otherwise break the compilation), and compiles it after tsc.
 * 1. Removes stale outputs: a `.js`, `.d.ts` or `.map` in dist/ whose `.ts` source is gone (tsc never deletes
 *    them, and mocha or app discovery would still load a deleted spec, app or migration).
 * 2. Skips tsc when dist/ is current: every source has its output and none is newer than the last successful
 *    build (the stamp file). Otherwise runs `tsc -p tsconfig.json`, which is incremental (tsBuildInfoFile).
 *
 * Plain JavaScript on purpose: it runs before anything is compiled. Usage: `node scripts/build.mjs [--force]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmdirSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileMigrations, syncMigrationIndex } from './migration-index.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
/** The folders and files tsconfig.json includes (its `include`), and what else changes the output. */
const SOURCE_DIRS = ['src', 'test', 'bench'];
const SOURCE_FILES = ['mikro-orm.config.ts'];
const CONFIG_FILES = ['tsconfig.json', 'package-lock.json'];
const OUTPUT = /(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/;

/** Every `.ts` source (declaration files emit nothing), relative to the root, with its modification time. */
function sources() {
  const found = new Map();
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.set(path, statSync(join(root, path)).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  for (const file of SOURCE_FILES) if (existsSync(join(root, file))) found.set(file, statSync(join(root, file)).mtimeMs);
  return found;
}

/** Deletes outputs of sources that no longer exist, and folders left empty; returns how many files went. */
function removeStale(known) {
  let removed = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(join(dist, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        if (readdirSync(join(dist, path)).length === 0) rmdirSync(join(dist, path));
        continue;
      }
      if (!OUTPUT.test(entry.name)) continue;
      const source = path.replace(OUTPUT, '.ts');
      if (!known.has(source)) {
        unlinkSync(join(dist, path));
        removed++;
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  for (const file of SOURCE_FILES) {
    const base = file.replace(/\.ts$/, '');
    if (!known.has(file)) {
      for (const ext of ['.js', '.js.map', '.d.ts', '.d.ts.map']) {
        if (existsSync(join(dist, base + ext))) {
          unlinkSync(join(dist, base + ext));
          removed++;
        }
      }
    }
  }
  return removed;
}

/** True when the last successful build is newer than every source and every source has its output. */
function upToDate(known) {
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  for (const file of CONFIG_FILES) if (existsSync(join(root, file)) && statSync(join(root, file)).mtimeMs > built) return false;
  for (const [source, mtime] of known) {
    if (mtime > built) return false;
    if (!existsSync(join(dist, source.replace(/\.ts$/, '.js')))) return false;
  }
  return true;
}

const force = process.argv.includes('--force');
const index = syncMigrationIndex(join(root, 'src', 'migrations'));
if (index.written) console.error(`build: rebuilt src/migrations/index.ts from the ${index.names.length} migration file(s) present`);
const known = sources();
const removed = removeStale(known);
if (removed > 0) console.error(`build: removed ${removed} stale output file(s) from ${relative(root, dist)}/`);
if (!force && removed === 0 && upToDate(known)) process.exit(0);

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const started = Date.now();
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  // No stamp: the next run compiles again (and tsc reports the errors again).
  if (existsSync(stamp)) unlinkSync(stamp);
  process.exit(result.status ?? 1);
}
// The stamp carries the time tsc started: a source saved while it compiled is newer, so it is compiled next time.
writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
utimesSync(stamp, new Date(started), new Date(started));
// tsc compares the list with the one it compiled last: back to that one (a migration made, then deleted), it
// would leave dist/ with the list makemigrations compiled in between.
if (index.written) await compileMigrations(root, ['index.ts']);
if (process.env.BUILD_VERBOSE) console.error(`build: tsc took ${Date.now() - started} ms`);
