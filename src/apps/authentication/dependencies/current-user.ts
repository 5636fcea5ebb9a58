import type { Request, RequestHandler } from 'express';
import { DatabaseUnavailable } from '../../../core/errors/index.js';
import type { CurrentUserSource } from '../../../core/http/index.js';
import { isDatabaseOutage, isDatabaseReady, redactedError } from '../../../core/db/index.js';
import type { User } from '../../user/models/index.js';
import { authenticateToken, TOKEN_ERRORS, type Authentication } from '../services/tokens.js';

const AUTH = Symbol('authentication');
/** `failure`: the token could not be checked (the lookup failed); that is the server's problem, never a 401. */
type AuthenticatedRequest = Request & { [AUTH]?: Authentication | { error: 'missing' } | { failure: unknown }; user?: User };

/** The bearer token of a request, or undefined. */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ', 2);
  return scheme?.toLowerCase() === 'bearer' && token ? token.trim() : undefined;
}

/**
 * Sets `req.user` from a bearer token (signature, expiry, issuer, then the registry in one query). It never
 * errors: an anonymous or refused request goes on, and routes that need a user answer 401 with the reason.
 * A request without a token costs nothing here (no promise, no state: `refusal` reads a missing state as
 * "missing"), which is most public reads.
 */
export const authenticate: RequestHandler = (req, _res, next) => {
  const token = bearerToken(req);
  if (!token || !isDatabaseReady()) return next();
  return lookUpToken(req as AuthenticatedRequest, token, next);
};

async function lookUpToken(request: AuthenticatedRequest, token: string, next: () => void): Promise<void> {
  try {
    const result = await authenticateToken(token);
    request[AUTH] = result;
    if ('user' in result) request.user = result.user;
  } catch (error) {
    // A failed lookup says nothing about the token: keep it for the dependency to report (503 for an outage),
    // so a client never throws away a good token because the database was briefly away.
    request[AUTH] = { failure: error };
    if (!isDatabaseOutage(error)) (request as { log?: { error(o: unknown, m: string): void } }).log?.error({ err: redactedError(error) }, 'authentication lookup failed');
  }
  next();
}

/** The request's user, or undefined (no token, or a refused one). */
export function requestUser(req: Request): User | undefined {
  return (req as AuthenticatedRequest).user;
}

/** The hash of the request's live token (logout, refresh). */
export function requestTokenHash(req: Request): string | undefined {
  const auth = (req as AuthenticatedRequest)[AUTH];
  return auth && 'tokenHash' in auth ? auth.tokenHash : undefined;
}

/**
 * How `@CurrentUser()` finds the user: the one `authenticate` set, else 401 with the original's messages ("Not
 * authenticated", "Invalid authentication token.", "Your session has expired.", "Invalid authentication token.
 * user does not exist."), or 503 when the token could not be checked because the database is not reachable.
 * The app's `providers` registers it.
 */
export const bearerUserSource: CurrentUserSource = {
  find: (ctx) => (ctx.req as AuthenticatedRequest).user,
  refusal(ctx) {
    const auth = (ctx.req as AuthenticatedRequest)[AUTH];
    if (auth && 'failure' in auth) {
      if (isDatabaseOutage(auth.failure)) throw new DatabaseUnavailable({ cause: auth.failure });
      throw auth.failure;
    }
    return TOKEN_ERRORS[auth && 'error' in auth ? auth.error : 'missing'];
  },
};
