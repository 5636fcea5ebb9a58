import type { Request, RequestHandler } from 'express';
import { DatabaseUnavailable, Unauthorized } from '../../../core/errors/index.js';
import { dependency, provideCurrentUser, type RequestContext } from '../../../core/http/index.js';
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
 */
export const authenticate: RequestHandler = async (req, _res, next) => {
  const request = req as AuthenticatedRequest;
  const token = bearerToken(req);
  try {
    if (!token || !isDatabaseReady()) {
      request[AUTH] = { error: 'missing' };
    } else {
      const result = await authenticateToken(token);
      request[AUTH] = result;
      if ('user' in result) request.user = result.user;
    }
  } catch (error) {
    // A failed lookup says nothing about the token: keep it for the dependency to report (503 for an outage),
    // so a client never throws away a good token because the database was briefly away.
    request[AUTH] = { failure: error };
    if (!isDatabaseOutage(error)) (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err: redactedError(error) }, 'authentication lookup failed');
  }
  next();
};

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
 * The authenticated user; 401 with the original's messages otherwise ("Not authenticated", "Invalid
 * authentication token.", "Your session has expired.", "Invalid authentication token. user does not exist.");
 * 503 when the token could not be checked because the database is not reachable.
 */
export const currentUser = dependency(
  (ctx: RequestContext): User => {
    const request = ctx.req as AuthenticatedRequest;
    if (request.user) return request.user;
    const auth = request[AUTH];
    if (auth && 'failure' in auth) {
      if (isDatabaseOutage(auth.failure)) throw new DatabaseUnavailable({ cause: auth.failure });
      throw auth.failure;
    }
    throw new Unauthorized(TOKEN_ERRORS[auth && 'error' in auth ? auth.error : 'missing']);
  },
  { name: 'currentUser', bearer: true, responses: { 401: 'Not authenticated, or the token is invalid or expired', 503: 'The token could not be checked: the database is not reachable' } },
);

// `@CurrentUser()` in any controller resolves to this dependency.
provideCurrentUser((ctx) => ctx.resolve(currentUser));
