import { currentEm } from '../../../core/db/index.js';
import { groupPermissions, userGroups, userPermissions } from './links.js';

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
 * `alias`: `__permissions` (text[]) and `__groups` (json: group → permission names). Tables and columns come
 * from the links' metadata, the same that `KeyedLinks` reads and writes through.
 */
export function authorizationColumns(alias: string): string {
  const up = userPermissions.columnsInfo();
  const ug = userGroups.columnsInfo();
  const gp = groupPermissions.columnsInfo();
  const userKey = `${alias}."${up.owner.keyColumn}"`;
  return `coalesce((select array_agg(pul."${up.target.column}") from "${up.table}" pul where pul."${up.owner.column}" = ${userKey}), '{}') as "__permissions", ` +
    `coalesce((select json_object_agg(gul."${ug.target.column}", coalesce((select array_agg(pgl."${gp.target.column}") from "${gp.table}" pgl where pgl."${gp.owner.column}" = gul."${ug.target.column}"), '{}')) ` +
    `from "${ug.table}" gul where gul."${ug.owner.column}" = ${userKey}), '{}'::json) as "__groups"`;
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

/** The user's authorization data when already loaded (with the user, or by an earlier check), else undefined. */
export function knownAuthorization(user: object): AuthorizationData | undefined {
  return cache.get(user);
}

/** The user's authorization data: cached on the entity for the request, else one query. */
export async function authorizationOf(user: { id: number }): Promise<AuthorizationData> {
  const cached = cache.get(user);
  if (cached) return cached;
  const [row] = await currentEm().execute<Array<{ __permissions: unknown; __groups: unknown }>>(
    `select ${authorizationColumns('u')} from "${userPermissions.columnsInfo().owner.table}" u where u."${userPermissions.columnsInfo().owner.keyColumn}" = ?`,
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
