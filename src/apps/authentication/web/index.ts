/**
 * The authentication app's web side: the login, register and logout pages (mounted under /web) and the
 * session functions other apps build on (a websocket authenticates its upgrade with `userFromUpgradeRequest`).
 */
import { Router } from '../../../core/http/index.js';
import { WebAuthController, WebHomeController } from './pages.js';

export { startSession, endSession, endUserSessions, sessionFromCookie, sessionAuthentication, userFromUpgradeRequest, type SessionLookup } from './sessions.js';
export { checkCredentials, INVALID_CREDENTIALS } from './credentials.js';

/** The app's web routers, mounted under /web: /web/auth/… and /web/. */
export const webRouters = Router({ tags: ['Web'] }, WebAuthController, WebHomeController);
