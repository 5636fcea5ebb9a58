/**
 * A redirect target taken from the request (`?referer=`) is followed only when it is a path on this site.
 * Anything else falls back: absolute URLs (`https://evil.example/`), scheme-relative ones (`//evil.example`),
 * backslash tricks browsers read as `//` (`/\evil.example`), scheme-only forms (`http:evil.example`,
 * `javascript:…`), control characters, and paths that resolve off the site.
 * @example safeRedirectTarget(req.query.referer, '/web/') // '/web/chat/' or '/web/'
 */
export function safeRedirectTarget(candidate: unknown, fallback: string): string {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 2000) return fallback;
  // Browsers strip tabs and newlines inside URLs and treat '\' as '/': refuse them outright.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  if (!candidate.startsWith('/') || candidate.startsWith('//')) return fallback;
  const base = 'http://same-site.invalid';
  let url: URL;
  try {
    url = new URL(candidate, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  const target = `${url.pathname}${url.search}${url.hash}`;
  return target.startsWith('/') && !target.startsWith('//') ? target : fallback;
}
