import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json (the kit runs from `dist/src/...`, so walk up to it). */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

/** Absolute path of the project (where package.json is). */
export const projectRoot = findProjectRoot();
/** Absolute path of the TypeScript sources (`src/`): fixtures and templates are read from here. */
export const srcRoot = join(projectRoot, 'src');
/** Absolute path of the compiled sources (`dist/src/`): modules are imported from here. */
export const distSrcRoot = join(projectRoot, 'dist', 'src');
/** Absolute path of the apps folder in the sources. */
export const appsRoot = join(srcRoot, 'apps');
