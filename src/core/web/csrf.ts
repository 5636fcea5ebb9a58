import { createHmac } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import { getSettings } from '../../settings/index.js';
import { cookieNames, csrfCookieOptions, derivedKey } from './cookies.js';
import { isUnder } from './path-prefix.js';
import { CsrfFailed, CSRF_MESSAGES } from './errors.js';
import { foreignOrigin } from './origin.js';
import { requestSession } from './session-state.js';

/** CSRF secrets rotate every this many minutes; a token lives CSRF_TOKEN_MINUTES, up to one step more. */
const STEP_MINUTES = 5;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** The request's CSRF token as sent: the `X-CSRF-Token` header, else `csrf_token` of the form or JSON body. */
export function submittedCsrfToken(req: Request): string | undefined {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string' && header !== '') return header;
  const body = req.body as Record<string, unknown> | undefined;
  const field = body && typeof body === 'object' ? body.csrf_token : undefined;
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/** What a token is bound to: the session's id, or one shared value for visitors not signed in (the login form). */
const sessionIdentifier = (req: Request) => requestSession(req)?.id ?? 'anonymous';

/**
 * Double-submit CSRF protection on `csrf-csrf`: the token is an HMAC of the session's id and a random value,
 * sent both as a cookie and with the request. Expiry comes from the secret: it rotates every few minutes and
 * only the secrets of the last CSRF_TOKEN_MINUTES validate, so an old token fails as "expired" and a forged one
 * as "invalid". `now` is injectable so a test can mint the token a client would have kept from hours ago.
 */
export class CsrfProtection {
  private readonly live: DoubleCsrfUtilities;
  private readonly fresh: DoubleCsrfUtilities;
  private readonly history: DoubleCsrfUtilities;

  constructor(private readonly now: () => number = Date.now) {
    const lifetime = getSettings().CSRF_TOKEN_MINUTES;
    const liveSteps = Math.ceil(lifetime / STEP_MINUTES);
    const make = (steps: number, skip = 0) => doubleCsrf({
      getSecret: () => this.secrets(steps, skip),
      getSessionIdentifier: sessionIdentifier,
      cookieName: cookieNames().csrf,
      cookieOptions: csrfCookieOptions(),
      getCsrfTokenFromRequest: (req) => submittedCsrfToken(req),
    });
    this.live = make(liveSteps + 1);
    // A page reuses the cookie's token only while it has more than half its life left.
    this.fresh = make(Math.max(1, Math.floor(liveSteps / 2)));
    // Tokens that were valid in the previous day, to tell "expired" from "forged".
    this.history = make(Math.ceil((24 * 60) / STEP_MINUTES), liveSteps + 1);
  }

  /** The secrets of the newest `steps` rotation steps, newest first, after skipping `skip` steps. */
  private secrets(steps: number, skip: number): string[] {
    const current = Math.floor(this.now() / (STEP_MINUTES * 60_000));
    const key = derivedKey('csrf');
    return Array.from({ length: steps }, (_, i) => createHmac('sha256', key).update(String(current - skip - i)).digest('hex'));
  }

  /** A token for the page being rendered (the cookie's own when still fresh); sets the CSRF cookie. */
  token(req: Request, res: Response): string {
    return this.fresh.generateCsrfToken(req, res, { cookieOptions: csrfCookieOptions() });
  }

  /** Why an unsafe request is refused, or undefined when its origin and token are good. */
  failure(req: Request): CsrfFailed | undefined {
    const origin = foreignOrigin(req);
    if (origin !== undefined) return new CsrfFailed(403, CSRF_MESSAGES.origin(origin));
    const name = cookieNames().csrf;
    const cookie = (req.cookies as Record<string, string> | undefined)?.[name];
    if (!cookie) return new CsrfFailed(400, CSRF_MESSAGES.missingCookie(name));
    const submitted = submittedCsrfToken(req);
    if (!submitted) return new CsrfFailed(400, CSRF_MESSAGES.missingToken);
    if (submitted !== cookie) return new CsrfFailed(401, CSRF_MESSAGES.mismatch);
    if (this.live.validateRequest(req)) return undefined;
    return new CsrfFailed(401, this.history.validateRequest(req) ? CSRF_MESSAGES.expired : CSRF_MESSAGES.invalid);
  }
}

let instance: CsrfProtection | undefined;
/** The process's CSRF protection (built on first use, after the settings are read). */
export function csrf(): CsrfProtection {
  instance ??= new CsrfProtection();
  return instance;
}

/** True when an unsafe request needs a CSRF token: every one under /web, and any whose user came from the session cookie. */
export function needsCsrf(req: Request): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  return isUnder(req.path, '/web') || requestSession(req) !== undefined;
}

/**
 * Refuses unsafe requests without a good CSRF token (see `needsCsrf`); bearer-token calls need none. On
 * success the `csrf_token` field is removed from the body, so handlers' schemas never see it.
 */
export const csrfMiddleware: RequestHandler = (req, _res, next) => {
  if (!needsCsrf(req)) return next();
  const failure = csrf().failure(req);
  if (failure) return next(failure);
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && 'csrf_token' in body) delete body.csrf_token;
  next();
};

/** The CSRF token for a page or script of this request (sets the cookie): put it in forms and `X-CSRF-Token`. */
export function csrfToken(req: Request, res: Response): string {
  return csrf().token(req, res);
}
