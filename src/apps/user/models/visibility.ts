import { z } from 'zod';
import { User } from './user.js';

/**
 * The fields only the user and admins see (object-property-level authorization, OWASP API3): anyone else gets
 * the record without them. The list filters leave them out too, so they cannot be probed through a query.
 */
export const PRIVATE_USER_FIELDS = ['email', 'address', 'age'] as const;
type PrivateField = (typeof PRIVATE_USER_FIELDS)[number];
const PRIVATE = new Set<string>(PRIVATE_USER_FIELDS);

const privateNote = 'Present only when the caller is this user or an admin.';
const full = User.readSchema();

/**
 * A user as any caller may receive it: the private fields are optional, present only for the user themself
 * and for admins (OpenAPI shows it as the `UserPublic` component).
 */
// A new object (not `full.extend`), so the docs show its own required list rather than `allOf` the full one.
export const UserPublic = z
  .object({
    ...full.shape,
    ...(Object.fromEntries(PRIVATE_USER_FIELDS.map((f) => [f, full.shape[f].optional().describe(privateNote)])) as { [F in PrivateField]: z.ZodOptional<(typeof full.shape)[F]> }),
  })
  .openapi('UserPublic', { description: `A user. ${PRIVATE_USER_FIELDS.join(', ')}: ${privateNote.toLowerCase()}` });
export type UserPublic = z.infer<typeof UserPublic>;

/** True when `viewer` may see `user`'s private fields: it is that user, or an admin. */
export function seesPrivateFields(viewer: { id: number; isAdmin: boolean } | undefined, user: User): boolean {
  return viewer !== undefined && (viewer.isAdmin || viewer.id === user.id);
}

/** `user`'s JSON without its private fields. */
function publicJSON(user: User): Record<string, unknown> {
  const json = user.toJSON() as Record<string, unknown>;
  for (const key of Object.keys(json)) if (PRIVATE.has(key)) delete json[key];
  return json;
}

/**
 * How users are shown to one caller: the whole record to the user themself and to admins, the record without
 * `email`, `address` and `age` to anyone else. Every route that answers with users goes through it.
 * @example const show = presentUsersTo(viewer); return show.many(await User.all());
 */
export function presentUsersTo(viewer: User | undefined) {
  const one = (user: User): User | Record<string, unknown> => (seesPrivateFields(viewer, user) ? user : publicJSON(user));
  return { one, many: (users: readonly User[]) => users.map(one) };
}
export type UserPresenter = ReturnType<typeof presentUsersTo>;
