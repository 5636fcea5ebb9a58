import type { Request, RequestHandler } from 'express';
import type { CurrentUserSource } from '../../../core/http/index.js';
import { isDatabaseReady } from '../../../core/db/index.js';
import type { User } from '../../user/models/index.js';
import { authenticateToken, TOKEN_ERRORS, type Authentication } from '../services/tokens.js';

const AUTH = Symbol('authentication');
type AuthenticatedRequest = Request & { [AUTH]?: Authentication | { error: 'missing' }; user?: User };

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
    // A database failure must not turn into "anonymous": keep it for the dependency to report.
    request[AUTH] = { error: 'invalid' };
    (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err: error }, 'authentication lookup failed');
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
 * How `@CurrentUser()` finds the user: the one `authenticate` set, else 401 with the original's messages ("Not
 * authenticated", "Invalid authentication token.", "Your session has expired.", "Invalid authentication token.
 * user does not exist."). The app's `providers` registers it.
 */
export const bearerUserSource: CurrentUserSource = {
  find: (ctx) => (ctx.req as AuthenticatedRequest).user,
  refusal(ctx) {
    const auth = (ctx.req as AuthenticatedRequest)[AUTH];
    return TOKEN_ERRORS[auth && 'error' in auth ? auth.error : 'missing'];
  },
};
