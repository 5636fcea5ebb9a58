/**
 * Tokens an attacker could make, for the security tests. `register` puts a token into the server-side registry,
 * so a test proves that the *signature checks* refuse it, not merely the registry lookup.
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { getSettings } from '../../../settings/index.js';
import type { User } from '../../user/models/index.js';
import { JWTToken } from '../models/index.js';
import { hashToken } from '../services/tokens.js';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** What a forged token may change from a genuine one. */
export interface ForgeOptions {
  algorithm?: jwt.Algorithm;
  secret?: string;
  issuer?: string;
  /** Seconds from now; negative for a token that already expired. */
  expiresIn?: number;
}

/** A JWT for `username` signed like the kit's (HS256, SECRET_KEY, JWT_ISSUER, 30 minutes) unless told otherwise. */
export function forgeToken(username: string, options: ForgeOptions = {}): string {
  const settings = getSettings();
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub: username, jti: randomUUID(), iat: now, exp: now + (options.expiresIn ?? 30 * 60), iss: options.issuer ?? settings.JWT_ISSUER };
  return jwt.sign(payload, options.secret ?? settings.SECRET_KEY, { algorithm: options.algorithm ?? 'HS256' });
}

/** An unsigned token (`alg: none`): header and payload, an empty signature. */
export function unsignedToken(username: string): string {
  const settings = getSettings();
  const now = Math.floor(Date.now() / 1000);
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: username, jti: randomUUID(), iat: now, exp: now + 1800, iss: settings.JWT_ISSUER })}.`;
}

/** A genuine token whose payload was edited (`sub` changed) and re-encoded; the signature is the original one. */
export function tamperedToken(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${header}.${base64url({ ...decoded, ...claims })}.${signature}`;
}

/**
 * Records a token in the registry as a login would: its SHA-256, live for 30 minutes, for `user`. The row gets
 * its own id (a tampered token keeps the jti of the genuine one, which is registered already).
 */
export async function register(token: string, user: User): Promise<string> {
  await JWTToken.create({ jti: randomUUID(), tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 30 * 60_000), user }).save();
  return token;
}
