import { KitError } from '../errors/index.js';

/**
 * A refused unsafe request: the original's CSRF statuses and messages, plus a 403 for a
 * foreign `Origin` (Django's wording). Under /web it is shown as a page, under /api as `{"detail": …}`.
 */
export class CsrfFailed extends KitError {
  constructor(status: 400 | 401 | 403, detail: string) { super('csrf_failed', status, detail); }
}

/** The messages of each CSRF failure. */
export const CSRF_MESSAGES = {
  missingCookie: (name: string) => `Missing Cookie: \`${name}\`.`,
  missingToken: 'The CSRF token is missing: send it in the X-CSRF-Token header or the csrf_token field.',
  mismatch: 'The CSRF signatures submitted do not match.',
  expired: 'The CSRF token has expired.',
  invalid: 'The CSRF token is invalid.',
  origin: (origin: string) => `Origin checking failed - ${origin} does not match any trusted origins.`,
} as const;
