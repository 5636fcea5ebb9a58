import { authenticate } from './dependencies/index.js';

/** Request middleware this app contributes: authentication sets `req.user` (it never errors). */
export const middleware = [authenticate];
