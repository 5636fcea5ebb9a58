/**
 * Test helpers of the authentication app, installed when its modules load: `t.client.login(username)` issues
 * a real token in the test's transaction, and the login throttle starts empty in every test.
 */
import { beforeEachTestCase, provideTokenIssuer } from '../../core/testing/index.js';
import { User } from '../user/models/index.js';
import { issueToken } from './services/tokens.js';
import { resetLoginThrottle } from './services/throttle.js';

provideTokenIssuer(async (who) => {
  const username = typeof who === 'string' ? who : who.username;
  const user = await User.getOr404({ username }, `No user named '${username}' to log in.`);
  return { token: (await issueToken(user)).access_token, user };
});
beforeEachTestCase(() => resetLoginThrottle());
