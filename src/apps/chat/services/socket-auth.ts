import type { IncomingMessage } from 'node:http';
import { isDatabaseReady, withContext } from '../../../core/db/index.js';
import type { User } from '../../user/models/index.js';
import { authenticateToken } from '../../authentication/services/tokens.js';
import { userFromUpgradeRequest } from '../../authentication/web/index.js';

/** Finds the user of a websocket upgrade request, or undefined (the upgrade is then refused with 401). */
export type SocketAuthenticator = (req: IncomingMessage) => Promise<User | undefined>;

/** The subprotocol a browser offers with the token as its second protocol: `new WebSocket(url, ['bearer', token])`. */
export const BEARER_PROTOCOL = 'bearer';

/**
 * The bearer token of an upgrade: the `Authorization` header (server-side clients), or the protocol offered
 * after `bearer` in `Sec-WebSocket-Protocol` (browsers cannot set headers on a websocket).
 */
export function upgradeBearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const [scheme, token] = header.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer' && token) return token.trim();
  }
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const at = protocols.indexOf(BEARER_PROTOCOL);
  return at >= 0 && protocols[at + 1] ? protocols[at + 1] : undefined;
}

/** Authenticates an upgrade by bearer token (same checks as the API: signature, expiry, issuer, registry). */
export const bearerAuthenticator: SocketAuthenticator = async (req) => {
  const token = upgradeBearerToken(req);
  if (!token || !isDatabaseReady()) return undefined;
  const result = await withContext(() => authenticateToken(token));
  return 'user' in result ? result.user : undefined;
};

/** Authenticates an upgrade by the web layer's session cookie (the chat page's websocket). */
export const sessionAuthenticator: SocketAuthenticator = async (req) => (await userFromUpgradeRequest(req)) ?? undefined;

/** Tries each authenticator in turn; the first user found wins. */
export function firstOf(...authenticators: SocketAuthenticator[]): SocketAuthenticator {
  return async (req) => {
    for (const authenticate of authenticators) {
      const user = await authenticate(req);
      if (user) return user;
    }
    return undefined;
  };
}
