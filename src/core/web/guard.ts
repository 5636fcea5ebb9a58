import type { RequestHandler } from 'express';
import { requestSession } from './session-state.js';
import { isUnder } from './path-prefix.js';

/** Paths under /web that visitors reach without a session: the login, register and logout pages. */
export const PUBLIC_WEB_PREFIXES = ['/web/auth/'];

/**
 * The session-required guard of /web: a visitor without a session is sent to the login
 * page with a 307 and `?referer=<the page asked for>`, so the login brings them back (the login follows only a same-site referer).
 * Bearer tokens do not open /web pages. Without a login page (`loginPath` undefined) it does nothing.
 */
export function sessionRequired(loginPath: () => string | undefined): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    if (!isUnder(path, '/web')) return next();
    if (PUBLIC_WEB_PREFIXES.some((prefix) => path.startsWith(prefix) || `${path}/` === prefix)) return next();
    if (requestSession(req)) return next();
    const login = loginPath();
    if (!login) return next();
    const target = req.originalUrl;
    res.redirect(307, target === login ? login : `${login}?${new URLSearchParams({ referer: target }).toString()}`);
  };
}
