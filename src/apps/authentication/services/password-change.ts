import type { Request } from 'express';
import { BadRequest } from '../../../core/errors/index.js';
import { requestSession } from '../../../core/web/index.js';
import type { User } from '../../user/models/index.js';
import { requestTokenHash } from '../dependencies/index.js';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from './throttle.js';

/** A wrong current password, worded as the login's wrong credentials. */
export const WRONG_CURRENT_PASSWORD = 'Authentication error: the current password is incorrect.';

/** The credentials a password change leaves alive: the bearer token or web session of the request that made it. */
export interface KeptCredentials {
  tokenHash?: string;
  sessionId?: string;
}
// Keyed by the entity being saved, so only that write (in that request) spares anything.
const kept = new WeakMap<User, KeptCredentials>();

/** What the password change being saved for `user` spares; nothing for every other password write (PUT, PATCH, fixtures). */
export function credentialsKeptFor(user: User): KeptCredentials {
  return kept.get(user) ?? {};
}

/**
 * Changes the caller's own password after checking the current one. A wrong one counts as a failed login (the
 * same throttle, so a stolen token cannot be used to guess the password) and is a 400. On success every other
 * token and web session of the user is revoked in the same transaction (the user's password-change signals);
 * the token or session this request came with keeps working.
 */
export async function changeOwnPassword(req: Request, user: User, current: string, next: string): Promise<void> {
  const ip = req.ip ?? 'unknown';
  await assertLoginAllowed(user.username, ip);
  if (!(await user.checkPassword(current))) {
    await recordLoginFailure(user.username, ip);
    throw new BadRequest(WRONG_CURRENT_PASSWORD);
  }
  await recordLoginSuccess(user.username);
  kept.set(user, { tokenHash: requestTokenHash(req), sessionId: requestSession(req)?.id });
  try {
    await user.assign({ password: next }).save();
  } finally {
    kept.delete(user);
  }
}
