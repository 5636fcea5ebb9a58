import { createHash, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type Jwt from 'jsonwebtoken';
import { currentEm, entityFromRow, runPrepared, type PreparedStatement } from '../../../core/db/index.js';
import { getSettings } from '../../../settings/index.js';
import { User, authorizationColumns, parseAuthorizationColumns, rememberAuthorization } from '../../user/models/index.js';
import { JWTToken } from '../models/index.js';
import { VerifiedTokens, type VerifiedToken } from './verified-tokens.js';

/** The body of a token response, keys in the original's order. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
}

let loadedJwt: typeof Jwt | undefined;
/** jsonwebtoken (and semver, which it loads) is loaded with the first token, not when the server starts. */
const jwt = (): typeof Jwt => (loadedJwt ??= createRequire(import.meta.url)('jsonwebtoken') as typeof Jwt);

let key: { secret: string; object: KeyObject } | undefined;
/** The signing key as a KeyObject: jsonwebtoken verifies about 40× faster with one than with a string. */
function signingKey(): KeyObject {
  const secret = getSettings().SECRET_KEY;
  if (key?.secret !== secret) key = { secret, object: createSecretKey(Buffer.from(secret, 'utf8')) };
  return key.object;
}

/** SHA-256 of a token, as the registry stores it. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues a new token for `user` (HS256; sub, exp, iss, jti) and records it in the registry. */
export async function issueToken(user: User): Promise<TokenResponse> {
  const settings = getSettings();
  const jti = randomUUID();
  const token = jwt().sign({ sub: user.username, jti }, signingKey(), {
    algorithm: 'HS256',
    expiresIn: settings.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
    issuer: settings.JWT_ISSUER,
  });
  const { exp } = jwt().decode(token) as { exp: number };
  await JWTToken.create({ jti, tokenHash: hashToken(token), expiresAt: new Date(exp * 1000), user }).save();
  return { access_token: token, token_type: 'Bearer' };
}

/** Why a bearer token was refused: the original's 401 messages. */
export const TOKEN_ERRORS = {
  missing: 'Not authenticated',
  invalid: 'Invalid authentication token.',
  expired: 'Your session has expired.',
  noUser: 'Invalid authentication token. user does not exist.',
} as const;
export type TokenError = keyof typeof TOKEN_ERRORS;

/** The outcome of authenticating a bearer token. */
export type Authentication = { user: User; tokenHash: string } | { error: TokenError };

const verifiedTokens = new VerifiedTokens();

/** The outcome of checking a token's signature, `exp` and `iss`; when it passed, its expiry and hash. */
type Verification = { outcome: 'ok'; token: VerifiedToken } | { outcome: 'expired' | 'invalid' };

/**
 * Checks the signature (HS256 only), `exp` and `iss`; no database. A token that passed is remembered (see
 * VerifiedTokens), so the next request with it checks only the expiry, as jsonwebtoken does (`now >= exp`).
 */
function verify(token: string): Verification {
  const key = signingKey();
  const issuer = getSettings().JWT_ISSUER;
  const known = verifiedTokens.get(token, key, issuer);
  if (known) return Math.floor(Date.now() / 1000) >= known.exp ? { outcome: 'expired' } : { outcome: 'ok', token: known };
  let payload: string | Jwt.JwtPayload;
  try {
    payload = jwt().verify(token, key, { algorithms: ['HS256'], issuer });
  } catch (error) {
    return { outcome: error instanceof jwt().TokenExpiredError ? 'expired' : 'invalid' };
  }
  const exp = typeof payload === 'object' ? payload.exp : undefined;
  const verified = { exp: exp ?? Infinity, hash: hashToken(token) };
  // Only tokens whose validity is their expiry alone (every token the kit issues): no `nbf`, a numeric `exp`.
  if (typeof exp === 'number' && typeof payload === 'object' && payload.nbf === undefined) verifiedTokens.remember(token, verified);
  return { outcome: 'ok', token: verified };
}

/** Checks the signature (HS256 only), `exp` and `iss`; no database. */
export function verifySignature(token: string): 'ok' | 'expired' | 'invalid' {
  return verify(token).outcome;
}

let lookup: PreparedStatement | undefined;
/** The registry lookup: built once (the link tables' names come from the models), sent as a prepared statement. */
function tokenLookup(): PreparedStatement {
  lookup ??= {
    name: 'kit_auth_token',
    text: `select t.expires_at as "__expires_at", u.*, ${authorizationColumns('u')} from jwttoken t left join users u on u.id = t.user_id where t.token_hash = $1`,
  };
  return lookup;
}

/**
 * Authenticates a bearer token: a verified signature, then one query that finds the token's live registry row
 * and loads its user with the user's permissions and groups (so permission checks need no further query).
 */
export async function authenticateToken(token: string): Promise<Authentication> {
  const signature = verify(token);
  if (signature.outcome !== 'ok') return { error: signature.outcome };
  const tokenHash = signature.token.hash;
  const em = currentEm();
  const rows = await runPrepared(em, tokenLookup(), [tokenHash]);
  const row = rows[0];
  if (!row) return { error: 'invalid' };
  if (new Date(row.__expires_at as string).getTime() <= Date.now()) return { error: 'expired' };
  if (row.id === null || row.id === undefined) return { error: 'noUser' };
  const { __expires_at, __permissions, __groups, ...userRow } = row;
  const user = entityFromRow(em, User, userRow);
  rememberAuthorization(user, parseAuthorizationColumns({ __permissions, __groups }));
  return { user, tokenHash };
}

/** Deletes one token from the registry (logout). */
export async function revokeToken(tokenHash: string): Promise<void> {
  await currentEm().nativeDelete(JWTToken, { tokenHash } as never);
}

/** Deletes every token of a user (password change). */
export async function revokeUserTokens(userId: number): Promise<number> {
  return currentEm().nativeDelete(JWTToken, { user: userId } as never);
}
