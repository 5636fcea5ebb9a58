import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

/** The web session a request carries, once the session middleware has verified it. */
export interface RequestSession {
  /** A stable, non-secret identifier of the session (its server-side key hash): CSRF tokens are bound to it. */
  readonly id: string;
  /** The signed-in user. */
  readonly user: unknown;
}

const SESSION = Symbol('web-session');
type WithSession = IncomingMessage & { [SESSION]?: RequestSession };

/** Records the verified session of a request (the authentication app's session middleware does this). */
export function setRequestSession(req: IncomingMessage, session: RequestSession | undefined): void {
  (req as WithSession)[SESSION] = session;
}

/** The verified session of a request, or undefined for a visitor who is not signed in. */
export function requestSession(req: IncomingMessage | Request): RequestSession | undefined {
  return (req as WithSession)[SESSION];
}

/** True when the request's user came from the session cookie (such a request needs a CSRF token to write). */
export function isSessionAuthenticated(req: IncomingMessage | Request): boolean {
  return requestSession(req) !== undefined;
}
