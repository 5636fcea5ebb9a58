/**
 * Test helpers of the authentication app, registered when the test toolkit loads the apps: `t.client.login(username)`
 * issues a real token in the test's transaction, and the login throttle starts empty in every test.
 */
import { provide } from '../../core/di/index.js';
import { beforeEachTestCase, TokenIssuer } from '../../core/testing/index.js';
import { User } from '../user/models/index.js';
import { issueToken } from './services/tokens.js';
import { resetLoginThrottle } from './services/throttle.js';

/** `client.login()` gets a real token for the named user. */
const issuer: TokenIssuer = async (who) => {
  const username = typeof who === 'string' ? who : who.username;
  const user = await User.getOr404({ username }, `No user named '${username}' to log in.`);
  return { token: (await issueToken(user)).access_token, user };
};

/** The providers of the test toolkit's tokens. */
export const providers = [provide(TokenIssuer, { useValue: issuer })];

beforeEachTestCase(() => resetLoginThrottle());
