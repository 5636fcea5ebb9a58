/**
 * The web layer's core: signed cookies, the request's session, CSRF (double submit), the Origin check, the
 * /web session guard, safe redirects and static files. The authentication app provides the sessions themselves.
 */
export { cookieNames, sessionCookieOptions, csrfCookieOptions, signValue, unsignValue, parseCookieHeader, derivedKey } from './cookies.js';
export { setRequestSession, requestSession, isSessionAuthenticated, type RequestSession } from './session-state.js';
export { csrf, csrfToken, csrfMiddleware, needsCsrf, submittedCsrfToken, CsrfProtection } from './csrf.js';
export { CsrfFailed, CSRF_MESSAGES } from './errors.js';
export { foreignOrigin, ownOrigin } from './origin.js';
export { safeRedirectTarget } from './safe-redirect.js';
export { isUnder } from './path-prefix.js';
export { sessionRequired, PUBLIC_WEB_PREFIXES } from './guard.js';
export { staticsMiddleware, staticUrl, staticDirs, staticRootDir, kitStaticsDir, cacheControlFor } from './statics.js';
