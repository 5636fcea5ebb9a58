import bcrypt from 'bcrypt';
import type { User } from '../../user/models/index.js';
import { getSettings } from '../../../settings/index.js';

/** A hash per bcrypt cost, made on first use (in bcrypt's thread pool), not when the server starts. */
const dummyHashes = new Map<number, Promise<string>>();

function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = bcrypt.hash('timing-equaliser', cost);
    dummyHashes.set(cost, hash);
    hash.catch(() => dummyHashes.delete(cost));
  }
  return hash;
}

/**
 * True when `user` exists and `password` is its password. For an unknown user the password is still compared,
 * against a hash of the cost passwords are hashed at, so an unknown user and a wrong password take the same time
 * and usernames cannot be probed by timing.
 */
export async function passwordMatches(user: User | null, password: string): Promise<boolean> {
  if (user) return user.checkPassword(password);
  await bcrypt.compare(password, await dummyHash(getSettings().PASSWORD_HASH_ROUNDS));
  return false;
}
