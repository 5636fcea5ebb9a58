import { Body, Controller, CurrentUser, route } from '../../../core/http/index.js';
import { ProfilePatch, User, UserRead } from '../models/index.js';

/**
 * The caller's own account (a bearer token or a web session; 401 otherwise): read it whole, change its profile
 * fields. The password has its own route (POST /api/users/me/password/), which asks for the current one.
 */
@Controller('/users/me')
export class MeController {
  @route.get('/', { name: 'user-me', response: UserRead, summary: 'Your own account, with every field' })
  me(@CurrentUser() user: User) {
    return user;
  }

  /** Only the profile fields: a privileged or unknown field is a 422 naming it. */
  @route.patch('/', { name: 'user-me-patch', response: UserRead, responses: { 409: 'Email already used' }, summary: 'Change your own profile fields' })
  update(@CurrentUser() user: User, @Body(ProfilePatch) data: ProfilePatch) {
    return user.assign(data).save();
  }
}
