import { dependency, optionalUser, type Dependency } from '../../../core/http/index.js';
import { presentUsersTo, type UserPresenter } from '../models/index.js';

/**
 * How this request's caller sees users (the user themself and admins see email, address and age; anonymous
 * callers and other users do not). Routes answering with users return `view.one(user)` / `view.many(users)`.
 * @example list(@Depends(userView) view: UserPresenter) { return view.many(await User.all()); }
 */
export const userView: Dependency<UserPresenter> = dependency(
  { viewer: optionalUser },
  ({ viewer }) => presentUsersTo(viewer),
  { name: 'userView' },
);
