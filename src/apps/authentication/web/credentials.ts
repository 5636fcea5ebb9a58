import { TooManyRequests } from '../../../core/errors/index.js';
import { User } from '../../user/models/index.js';
import { passwordMatches } from '../services/password-check.js';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from '../services/throttle.js';

/** One answer for an unknown user and a wrong password, so usernames cannot be probed (the API's wording). */
export const INVALID_CREDENTIALS = 'Authentication error: credentials are invalid.';

/** The outcome of a login attempt. */
export type LoginOutcome = { user: User } | { error: string; status: 400 | 429; retryAfter?: number };

/**
 * Checks a username and password through the API's login throttle (the same counters, so the page and the
 * token endpoint share one budget per username and per IP).
 */
export async function checkCredentials(username: string, password: string, ip: string): Promise<LoginOutcome> {
  try {
    await assertLoginAllowed(username, ip);
  } catch (error) {
    if (error instanceof TooManyRequests) return { error: String(error.detail), status: 429, retryAfter: error.retryAfter };
    throw error;
  }
  const user = await User.get({ username });
  const valid = await passwordMatches(user, password);
  if (!user || !valid) {
    await recordLoginFailure(username, ip);
    return { error: INVALID_CREDENTIALS, status: 400 };
  }
  await recordLoginSuccess(username);
  return { user };
}
