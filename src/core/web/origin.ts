import type { IncomingMessage } from 'node:http';
import { getSettings } from '../../settings/index.js';

/** The site's own origin as this request reached it (`X-Forwarded-Proto` is honoured only from trusted proxies). */
export function ownOrigin(req: IncomingMessage & { protocol?: string }): string | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  const protocol = req.protocol ?? ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  return `${protocol}://${host}`.toLowerCase();
}

/**
 * The `Origin` of a request when it names another site: undefined when the header is absent (old browsers,
 * non-browser clients), or equals the site's own origin or one of CSRF_TRUSTED_ORIGINS. `Origin: null`
 * (sandboxed frames, some redirects) is foreign. Websocket upgrades should refuse a foreign origin too.
 * @example if (foreignOrigin(req)) socket.destroy();
 */
export function foreignOrigin(req: IncomingMessage & { protocol?: string }): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const given = origin.trim().toLowerCase();
  if (given === ownOrigin(req)) return undefined;
  if (getSettings().CSRF_TRUSTED_ORIGINS.some((trusted) => trusted.toLowerCase().replace(/\/$/, '') === given)) return undefined;
  return origin;
}
