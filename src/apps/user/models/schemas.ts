import { z } from 'zod';
import { User } from './user.js';

/** POST and PUT bodies (role is honoured only for admins, so nobody makes themselves one). `status` is not client-writable. */
export const UserCreate = User.createSchema().omit({ status: true });
/** PATCH body: the same eight fields, all optional. */
export const UserPatch = User.updateSchema().omit({ status: true });
/** A user as the API returns it: never the password nor its hash. */
export const UserRead = User.readSchema();
export type UserCreate = z.infer<typeof UserCreate>;
export type UserPatch = z.infer<typeof UserPatch>;

/** The fields users change on their own account; username, role, status and password are not among them. */
export const PROFILE_FIELDS = ['first_name', 'last_name', 'email', 'address', 'age'] as const;

/** Fields of a user that exist but are not the user's to change on their own account. */
const NOT_SELF_SERVICE = new Set(['id', 'created_at', 'updated_at', 'username', 'password', 'role', 'status']);

/** Why fields of a profile PATCH are refused: each named, as privileged or unknown, with what may be sent instead. */
function profileRefusal(keys: readonly PropertyKey[]): string {
  const names = keys.map(String);
  const quoted = (list: string[]) => list.map((key) => `'${key}'`).join(', ');
  const privileged = names.filter((key) => NOT_SELF_SERVICE.has(key));
  const unknown = names.filter((key) => !NOT_SELF_SERVICE.has(key));
  const parts = [
    privileged.length ? `Cannot change ${quoted(privileged)} on your own account.` : '',
    unknown.length ? `Unknown field${unknown.length > 1 ? 's' : ''} ${quoted(unknown)}.` : '',
    `You may change: ${PROFILE_FIELDS.join(', ')}.`,
    names.includes('password') ? 'Change the password with POST /api/users/me/password/ (it asks for the current one).' : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/**
 * PATCH /api/users/me/: some of the profile fields. Any other field (a privileged one such as role, or an
 * unknown one) is a 422 naming it, never silently dropped.
 */
export const ProfilePatch = z
  .strictObject(UserPatch.pick({ first_name: true, last_name: true, email: true, address: true, age: true }).shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? profileRefusal(issue.keys) : undefined),
  })
  .openapi('ProfilePatch');
export type ProfilePatch = z.infer<typeof ProfilePatch>;

