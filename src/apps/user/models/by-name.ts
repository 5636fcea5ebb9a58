import { ValidationFailed } from '../../../core/errors/index.js';
import { Permission } from './permission.js';

/**
 * The permissions of these names, ordered by id. A name that matches no permission is a 422 naming every
 * unknown one: granting a misspelt permission must not silently grant nothing.
 * @example await permissionsNamed(['can_view_stats'], ['body', 'permissions'])
 */
export async function permissionsNamed(names: readonly string[], loc: Array<string | number>): Promise<Permission[]> {
  const found = await Permission.filter({ name__in: [...names] }, { limit: null });
  const known = new Set(found.map((p) => p.name));
  const unknown = [...new Set(names.filter((name) => !known.has(name)))];
  if (unknown.length) {
    throw new ValidationFailed([{ type: 'unknown_permission', loc, msg: `Unknown permission${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.` }]);
  }
  return found;
}
