import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { currentEm, isDatabaseReady, withContext } from '../../../core/db/index.js';
import { cookieNames, isUnder, parseCookieHeader, sessionCookieOptions, setRequestSession, signValue, unsignValue } from '../../../core/web/index.js';
import { getSettings } from '../../../settings/index.js';
import { parseAuthorizationColumns, rememberAuthorization, authorizationColumns } from '../../user/models/index.js';
import { User } from '../../user/models/index.js';
import { WebSession } from '../models/index.js';

const PURPOSE = 'session';
/** `last_seen_at` is written at most once a minute per session, not on every request. */
const TOUCH_AFTER_MS = 60_000;

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A verified session: its key hash (the id CSRF tokens are bound to) and its user, loaded with its permissions. */
export interface SessionLookup {
  id: string;
  user: User;
}

/**
 * Finds the live session of a signed cookie value in one query (with the user's permissions and groups). A bad
 * signature costs no query. An idle or past-lifetime session is deleted and refused; an active one is touched.
 */
export async function sessionFromCookie(value: string | undefined): Promise<(SessionLookup & { touched: boolean }) | null> {
  const key = unsignValue(value, PURPOSE);
  if (!key) return null;
  const keyHash = hashKey(key);
  const em = currentEm();
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select s.last_seen_at as "__last_seen_at", s.expires_at as "__expires_at", u.*, ${authorizationColumns('u')} ` +
      'from web_session s join users u on u.id = s.user_id where s.key_hash = ?',
    [keyHash],
  );
  const row = rows[0];
  if (!row) return null;
  const now = Date.now();
  const lastSeen = new Date(row.__last_seen_at as string).getTime();
  const idle = getSettings().SESSION_IDLE_MINUTES * 60_000;
  if (new Date(row.__expires_at as string).getTime() <= now || lastSeen + idle <= now) {
    await em.nativeDelete(WebSession, { keyHash } as never);
    return null;
  }
  const touched = now - lastSeen >= TOUCH_AFTER_MS;
  if (touched) await em.nativeUpdate(WebSession, { keyHash } as never, { lastSeenAt: new Date(now) } as never);
  const { __last_seen_at, __expires_at, __permissions, __groups, ...userRow } = row;
  const user = em.map(User, userRow);
  rememberAuthorization(user, parseAuthorizationColumns({ __permissions, __groups }));
  return { id: keyHash, user, touched };
}

/** The session cookie of an Express request. */
// No Cookie header, no cookies to parse (`req.cookies` is parsed on first read).
const cookieOf = (req: Request) => (req.headers.cookie ? (req.cookies as Record<string, string> | undefined)?.[cookieNames().session] : undefined);

/**
 * Starts a session for `user` (login, register): a new random key, so the id rotates on every login and a
 * session id planted before login is worth nothing; the previous session of this browser is revoked.
 */
export async function startSession(req: Request, res: Response, user: User): Promise<void> {
  const previous = unsignValue(cookieOf(req), PURPOSE);
  if (previous) await currentEm().nativeDelete(WebSession, { keyHash: hashKey(previous) } as never);
  const key = randomBytes(32).toString('base64url');
  const now = new Date();
  const keyHash = hashKey(key);
  await WebSession.create({ keyHash, user, lastSeenAt: now, expiresAt: new Date(now.getTime() + getSettings().SESSION_MAX_HOURS * 3_600_000) }).save();
  res.cookie(cookieNames().session, signValue(key, PURPOSE), sessionCookieOptions());
  setRequestSession(req, { id: keyHash, user });
}

/** Ends this browser's session: deletes its row (every replica refuses it from now on) and expires the cookie. */
export async function endSession(req: Request, res: Response): Promise<void> {
  const key = unsignValue(cookieOf(req), PURPOSE);
  if (key) await currentEm().nativeDelete(WebSession, { keyHash: hashKey(key) } as never);
  const { maxAge: _maxAge, ...attributes } = sessionCookieOptions();
  res.clearCookie(cookieNames().session, attributes);
  setRequestSession(req, undefined);
}

/** Deletes every session of a user (password change, account removal). */
export async function endUserSessions(userId: number): Promise<number> {
  return currentEm().nativeDelete(WebSession, { user: userId } as never);
}


/**
 * Sets the request's session and user from the session cookie (it never errors). Under /api a bearer token
 * wins and the cookie is not read; under /web only the session counts, never a bearer token.
 */
export const sessionAuthentication: RequestHandler = (req, res, next) => {
  const request = req as Request & { user?: User };
  const web = isUnder(req.path, '/web');
  if (web) request.user = undefined;
  const value = cookieOf(req);
  if (!value || !isDatabaseReady() || (isUnder(req.path, '/api') && req.headers.authorization)) return next();
  return restoreSession(request, res, value, next);
};

/** The session of a cookie onto the request (its user too); a failed lookup is logged and the request goes on. */
async function restoreSession(request: Request & { user?: User }, res: Response, value: string, next: () => void): Promise<void> {
  try {
    const session = await sessionFromCookie(value);
    if (session) {
      setRequestSession(request, { id: session.id, user: session.user });
      request.user = session.user;
      // Sliding inactivity window: the cookie's Max-Age follows the server's idle timeout.
      if (session.touched) res.cookie(cookieNames().session, value, sessionCookieOptions());
    }
  } catch (error) {
    (request as { log?: { error(o: unknown, m: string): void } }).log?.error({ err: error }, 'session lookup failed');
  }
  next();
}

/**
 * The user of a raw request from its session cookie, or null: for websocket upgrades, which pass no Express
 * middleware. It opens its own database context. Check `foreignOrigin(req)` (core/web) before accepting too.
 * @example server.on('upgrade', async (req, socket) => { const user = await userFromUpgradeRequest(req); … });
 */
export async function userFromUpgradeRequest(req: IncomingMessage): Promise<User | null> {
  const value = parseCookieHeader(req)[cookieNames().session];
  if (!value || !isDatabaseReady()) return null;
  return withContext(async () => (await sessionFromCookie(value))?.user ?? null);
}
