import { currentEm } from '../../../core/db/index.js';

/** Everything a permission check needs about a user, loaded in one query. */
export interface AuthorizationData {
  /** Names of the user's direct permissions. */
  permissions: Set<string>;
  /** The user's groups, each with the names of its permissions. */
  groups: Map<string, Set<string>>;
}

const cache = new WeakMap<object, AuthorizationData>();

/**
 * SQL fragments selecting a user's authorization data as two columns, for a query whose user table alias is
 * `alias`: `__permissions` (text[]) and `__groups` (json: group → permission names).
 */
export function authorizationColumns(alias: string): string {
  return `coalesce((select array_agg(pul.permission_name) from permissionuserlink pul where pul.user_id = ${alias}.id), '{}') as "__permissions", ` +
    `coalesce((select json_object_agg(gul.group_name, coalesce((select array_agg(pgl.permission_name) from permissiongrouplink pgl where pgl.group_name = gul.group_name), '{}')) ` +
    `from groupuserlink gul where gul.user_id = ${alias}.id), '{}'::json) as "__groups"`;
}

/** Builds the data from the two columns of `authorizationColumns`. */
export function parseAuthorizationColumns(row: { __permissions?: unknown; __groups?: unknown }): AuthorizationData {
  const permissions = new Set<string>((row.__permissions as string[] | null) ?? []);
  const rawGroups = (typeof row.__groups === 'string' ? JSON.parse(row.__groups) : row.__groups) as Record<string, string[]> | null;
  const groups = new Map<string, Set<string>>(Object.entries(rawGroups ?? {}).map(([name, perms]) => [name, new Set(perms ?? [])]));
  return { permissions, groups };
}

/** Attaches already-loaded data to a user (authentication does it for the request user). */
export function rememberAuthorization(user: object, data: AuthorizationData): void {
  cache.set(user, data);
}

/** Forgets a user's data after its links changed. */
export function forgetAuthorization(user: object): void {
  cache.delete(user);
}

/** The user's authorization data: cached on the entity for the request, else one query. */
export async function authorizationOf(user: { id: number }): Promise<AuthorizationData> {
  const cached = cache.get(user);
  if (cached) return cached;
  const [row] = await currentEm().execute<Array<{ __permissions: unknown; __groups: unknown }>>(
    `select ${authorizationColumns('u')} from users u where u.id = ?`,
    [user.id],
  );
  const data = parseAuthorizationColumns(row ?? {});
  cache.set(user, data);
  return data;
}

/** True when `held` has every name (or, with anyMatch, one of them); never for an empty list. */
export function holds(held: ReadonlySet<string>, names: readonly string[], anyMatch: boolean): boolean {
  if (names.length === 0) return false;
  return anyMatch ? names.some((n) => held.has(n)) : names.every((n) => held.has(n));
}
