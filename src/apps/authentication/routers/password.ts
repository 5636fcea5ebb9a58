import type { Request } from 'express';
import { z } from 'zod';
import { Body, Controller, CurrentUser, Req, route } from '../../../core/http/index.js';
import { UserCreate, type User } from '../../user/models/index.js';
import { changeOwnPassword, WRONG_CURRENT_PASSWORD } from '../services/password-change.js';

/** The body of a password change: the current password, and the new one under registration's rules. */
export const PasswordChange = z
  .strictObject({ current_password: z.string().min(1).max(128), new_password: UserCreate.shape.password })
  .openapi('PasswordChange');
export type PasswordChange = z.infer<typeof PasswordChange>;

/** The caller's own password (mounted beside the other /api/users/me/ routes, in the Users tag). */
@Controller('/users/me')
export class PasswordController {
  /**
   * Changes the password (204). Every other token and web session of the user stops working at once, on every
   * replica; the token (or session) used for this request keeps working, so the caller stays signed in.
   */
  @route.post('/password/', {
    name: 'user-me-password',
    status: 204,
    responses: { 400: WRONG_CURRENT_PASSWORD, 429: 'Too many failed attempts' },
    summary: 'Change your own password (signs out your other tokens and sessions)',
  })
  async change(@CurrentUser() user: User, @Body(PasswordChange) body: PasswordChange, @Req() req: Request) {
    await changeOwnPassword(req, user, body.current_password, body.new_password);
  }
}
