import { Forbidden } from '../../../core/errors/index.js';
import { currentUser, dependency, type Dependency } from '../../../core/http/index.js';
import { authorizationOf, holds, knownAuthorization, type AuthorizationData, type User } from '../models/index.js';

/** The 403 of permission checks, worded as the original's. */
export const PERMISSION_DENIED = 'You do not have sufficient rights to this resource.';
/** The 403 of role checks (no trailing period, as the original's). */
export const ACCESS_DENIED = 'Insufficient rights to carry out this action';

/** Options of `permissionRequired`. */
export interface PermissionRequirement {
  /** Permission names the user must hold (all of them, or one with anyMatch). */
  permissions?: string[];
  /** Groups that grant access when the user belongs to them (all, or one with anyMatch) and one of them holds the permissions. */
  groups?: string[];
  anyMatch?: boolean;
}

/**
 * A dependency that lets a request through when the user is an admin, holds the permissions directly, or
 * belongs to the groups and one of those groups holds the permissions (the original's rule). Needs a bearer
 * token (401 otherwise); 403 "You do not have sufficient rights to this resource." when refused.
 * It costs no query beyond authentication, which loads the user's permissions and groups with the user.
 * @example @route.put('/:pk', { dependencies: [permissionRequired({ permissions: ['update:hero'], groups: ['update:hero'] })] })
 */
export function permissionRequired({ permissions = [], groups, anyMatch = false }: PermissionRequirement): Dependency<User> {
  const decide = (user: User, data: AuthorizationData): User => {
    if (holds(data.permissions, permissions, anyMatch)) return user;
    if (!groups) throw new Forbidden(PERMISSION_DENIED);
    const memberOf = groups.filter((g) => data.groups.has(g));
    const belongs = anyMatch ? memberOf.length > 0 : groups.length > 0 && memberOf.length === groups.length;
    if (!belongs) throw new Forbidden(PERMISSION_DENIED);
    if (permissions.length === 0) return user;
    if (memberOf.some((g) => holds(data.groups.get(g)!, permissions, anyMatch))) return user;
    throw new Forbidden(PERMISSION_DENIED);
  };
  return dependency(
    { user: currentUser },
    // Synchronous when the data came with the user (bearer and session authentication load it): no promise.
    ({ user }) => {
      if (user.isAdmin) return user;
      const known = knownAuthorization(user);
      return known ? decide(user, known) : authorizationOf(user).then((data) => decide(user, data));
    },
    { name: 'permissionRequired', responses: { 403: PERMISSION_DENIED } },
  );
}

/** Only admins pass (403 "Insufficient rights to carry out this action" for others; 401 without a token). */
export const AdminAccess: Dependency<User> = dependency(
  { user: currentUser },
  ({ user }) => {
    if (!user.isAdmin) throw new Forbidden(ACCESS_DENIED);
    return user;
  },
  { name: 'AdminAccess', responses: { 403: ACCESS_DENIED } },
);
