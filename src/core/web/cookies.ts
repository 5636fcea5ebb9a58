import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CookieOptions } from 'express';
import { getSettings } from '../../settings/index.js';

/**
 * The names and attributes of the kit's cookies. In production they are `Secure` and carry the `__Host-`
 * prefix, which the browser honours only for a Secure cookie with `Path=/` and no `Domain`: no subdomain and
 * no plain-HTTP page can set or overwrite them.
 */
export function cookieNames(): { session: string; csrf: string } {
  const prod = !getSettings().DEBUG;
  return { session: prod ? '__Host-session' : 'session', csrf: prod ? '__Host-csrftoken' : 'csrftoken' };
}

/** Attributes of the session cookie: HttpOnly, SameSite=Lax (a link from elsewhere keeps the visitor signed in). */
export function sessionCookieOptions(): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: !getSettings().DEBUG, path: '/', maxAge: getSettings().SESSION_IDLE_MINUTES * 60_000 };
}

/** Attributes of the CSRF cookie: HttpOnly (pages embed the token), SameSite=Strict, as the original's. */
export function csrfCookieOptions(): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: !getSettings().DEBUG, path: '/', maxAge: getSettings().CSRF_TOKEN_MINUTES * 60_000 };
}

const keys = new Map<string, Buffer>();
/** A key for one purpose, derived from SECRET_KEY, so a session signature can never pass as a CSRF secret. */
export function derivedKey(purpose: string): Buffer {
  const secret = getSettings().SECRET_KEY;
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = createHmac('sha256', secret).update(`ts-getstarted:${purpose}`).digest();
    keys.set(id, key);
  }
  return key;
}

const mac = (purpose: string, value: string) => createHmac('sha256', derivedKey(purpose)).update(value).digest('base64url');

/** `value.signature` (HMAC-SHA256 with a key for `purpose`). */
export function signValue(value: string, purpose: string): string {
  return `${value}.${mac(purpose, value)}`;
}

/** The value of a signed string, or undefined when the signature is wrong (compared in constant time). */
export function unsignValue(signed: string | undefined, purpose: string): string | undefined {
  if (typeof signed !== 'string') return undefined;
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(mac(purpose, value));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
}

/**
 * The cookies of a raw request (a websocket upgrade has no Express `req.cookies`). A value that does not
 * decode is kept as sent; a name seen twice keeps its first value, as browsers send the most specific first.
 */
export function parseCookieHeader(req: Pick<IncomingMessage, 'headers'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name in out) continue;
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}
