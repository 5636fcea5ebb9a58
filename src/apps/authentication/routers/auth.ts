import type { Request } from 'express';
import { z } from 'zod';
import { BadRequest, Unauthorized } from '../../../core/errors/index.js';
import { Controller, currentUser, Depends, Form, Req, route } from '../../../core/http/index.js';
import { User } from '../../user/models/index.js';
import { requestTokenHash } from '../dependencies/index.js';
import { issueToken, revokeToken } from '../services/tokens.js';
import { passwordMatches } from '../services/password-check.js';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from '../services/throttle.js';

/** The OAuth2 password form (JSON bodies with the same keys work too). */
export const LoginForm = z.object({
  username: z.string().trim().min(1).max(150),
  password: z.string().min(1).max(128),
  grant_type: z.string().regex(/^password$/).optional(),
  scope: z.string().max(1000).optional(),
  client_id: z.string().max(255).optional(),
  client_secret: z.string().max(255).optional(),
});
const TokenResponse = z.object({ access_token: z.string(), token_type: z.literal('Bearer') }).openapi('TokenResponse');

/** One answer for an unknown user and a wrong password, so usernames cannot be probed. */
export const INVALID_CREDENTIALS = 'Authentication error: credentials are invalid.';

@Controller('/auth')
export class AuthController {
  /** Exchanges a username and password for a bearer token (each login issues a new one). */
  @route.post('/token/', { name: 'jwt-auth', response: TokenResponse, responses: { 400: INVALID_CREDENTIALS, 429: 'Too many failed attempts' } })
  async token(@Form(LoginForm) form: z.infer<typeof LoginForm>, @Req() req: Request) {
    const ip = req.ip ?? 'unknown';
    await assertLoginAllowed(form.username, ip);
    const user = await User.get({ username: form.username });
    const valid = await passwordMatches(user, form.password);
    if (!user || !valid) {
      await recordLoginFailure(form.username, ip);
      throw new BadRequest(INVALID_CREDENTIALS);
    }
    await recordLoginSuccess(form.username);
    return issueToken(user);
  }

  /** A new token for the holder of a valid one; the old token is revoked. */
  @route.post('/token/refresh/', { name: 'jwt-auth-refresh', response: TokenResponse })
  async refresh(@Depends(currentUser) user: User, @Req() req: Request) {
    const old = requestTokenHash(req);
    if (!old) throw new Unauthorized('Invalid authentication token.');
    const fresh = await issueToken(user);
    await revokeToken(old);
    return fresh;
  }

  /** Revokes the token used for this request. */
  @route.post('/logout/', { name: 'jwt-logout', status: 204 })
  async logout(@Depends(currentUser) _user: User, @Req() req: Request) {
    const hash = requestTokenHash(req);
    if (hash) await revokeToken(hash);
  }
}
