import { parseCookieHeader } from '../web/index.js';

/**
 * Gives Express's request prototype a `cookies` property parsed on first read (core/web's parser, the one the
 * websocket upgrades use), instead of cookie-parser's middleware filling three properties on every request:
 * most API requests carry no cookie, and those that do are read by one or two middleware at most.
 */
export function lazyCookies(requestPrototype: object): void {
  const own = (target: object, value: unknown) => Object.defineProperty(target, 'cookies', { value, writable: true, configurable: true, enumerable: true });
  Object.defineProperty(requestPrototype, 'cookies', {
    configurable: true,
    get(this: Parameters<typeof parseCookieHeader>[0]) {
      const cookies = parseCookieHeader(this);
      own(this, cookies);
      return cookies;
    },
    set(this: object, value: unknown) {
      own(this, value);
    },
  });
}
