import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import express, { type RequestHandler, type Response } from 'express';
import { discoverApps } from '../apps.js';
import { getSettings, projectRoot, srcRoot, type Settings } from '../../settings/index.js';

/** The kit's own statics (the site stylesheet), served beside the apps' under `/static/kit/`. */
export const kitStaticsDir = join(srcRoot, 'core', 'web', 'statics');

/** The folder STATIC_ROOT names (relative to the project root unless absolute). */
export function staticRootDir(settings: Pick<Settings, 'STATIC_ROOT'> = getSettings()): string {
  const root = settings.STATIC_ROOT;
  return isAbsolute(root) ? root : join(projectRoot, root);
}

/**
 * Where `/static/` files come from: in production, STATIC_ROOT once `collectstatic` has filled it; otherwise
 * (and before collectstatic) the kit's and every app's `statics/` folder, in that order.
 */
export function staticDirs(settings: Pick<Settings, 'STATIC_ROOT' | 'DEBUG'> = getSettings()): string[] {
  const root = staticRootDir(settings);
  if (!settings.DEBUG && existsSync(root)) return [root];
  return [kitStaticsDir, ...discoverApps().map((app) => join(app.srcDir, 'statics'))].filter((dir) => existsSync(dir));
}

/** A name carrying its content hash (`app.3f9a2c1d.css`) never changes content: cache it for a year. */
const FINGERPRINTED = /\.[0-9a-f]{8,}\.[A-Za-z0-9]+$/;
const hashes = new Map<string, { mtimeMs: number; size: number; hash: string }>();

/** The first 12 hex digits of a file's SHA-256, cached until its mtime or size changes. */
function contentHash(file: string): string {
  const stat = statSync(file);
  const known = hashes.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.hash;
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
  hashes.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, hash });
  return hash;
}

/** The file a static path names, or undefined (a path climbing out of the static folders names nothing). */
function findStatic(path: string): string | undefined {
  for (const dir of staticDirs()) {
    const base = resolve(dir);
    const full = resolve(base, path.replace(/^\/+/, ''));
    if (full.startsWith(base + sep) && existsSync(full) && statSync(full).isFile()) return full;
  }
  return undefined;
}

/**
 * The URL of a static file, fingerprinted with its content hash (`/static/kit/css/kit.css?v=3f9a2c1d04be`), so
 * it can be cached for a year and still change on deploy. A file that does not exist gets its plain URL.
 * @example staticUrl('authentication/css/form.css')
 */
export function staticUrl(path: string): string {
  const clean = path.replace(/^\/+/, '');
  const url = `/static/${clean.split('/').map(encodeURIComponent).join('/')}`;
  const file = findStatic(clean);
  return file ? `${url}?v=${contentHash(file)}` : url;
}

/** Cache-Control of a static file: a year for a fingerprinted name or a `v` that is the file's hash; else revalidate. */
export function cacheControlFor(file: string, version: unknown): string {
  const pinned = FINGERPRINTED.test(file) || (typeof version === 'string' && version === contentHash(file));
  return pinned ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate';
}

const setCacheHeaders = (res: Response, file: string) => res.setHeader('Cache-Control', cacheControlFor(file, res.req.query.v));

/**
 * Serves `/static/` from `staticDirs()` with `send` (serve-static): ETag and Last-Modified (so 304s), content
 * types, no directory listings, no dot-files, and no path traversal (`..`, encoded `%2e%2e`, NUL are refused:
 * they fall through to the 404).
 */
export function staticsMiddleware(): RequestHandler {
  const router = express.Router();
  for (const dir of staticDirs()) {
    router.use(express.static(dir, { index: false, redirect: false, dotfiles: 'ignore', etag: true, lastModified: true, fallthrough: true, setHeaders: setCacheHeaders }));
  }
  const handler: RequestHandler = (req, res, next) => router(req, res, next);
  return handler;
}
