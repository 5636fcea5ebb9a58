/** True when `path` is `prefix` itself or below it (`/api`, `/api/…`; not `/apiary`). */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47 /* '/' */);
}
