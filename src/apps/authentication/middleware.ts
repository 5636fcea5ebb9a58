import { authenticate } from './dependencies/index.js';
import { sessionAuthentication } from './web/sessions.js';

/** Request middleware this app contributes: bearer and session authentication set `req.user` (they never error). */
export const middleware = [authenticate, sessionAuthentication];
