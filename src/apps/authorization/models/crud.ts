import { Group, Permission } from './permission.js';
import { groupPermissions } from './links.js';

/** The CRUD methods, in the original's order. */
export const CRUD_METHODS = ['create', 'read', 'update', 'delete'] as const;

/** `create:hero`, `read:users`, … */
export const crudName = (method: string, table: string) => `${method}:${table}`;

/** Python's str.title(): `permission_group` → `Permission_Group`. */
const title = (text: string) => text.toLowerCase().replace(/(^|[^a-z0-9])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The four rows of one kind for a table, with the original's descriptions. */
function crudRows(kind: 'permission' | 'permission_group', table: string) {
  return CRUD_METHODS.map((method) => ({
    name: crudName(method, table),
    description: `This ${kind} allows user to ${method} the ${title(table)} model.`,
    display_name: `${capitalize(method)} ${table}`,
    target_table: table,
  }));
}

/**
 * Creates the `create|read|update|delete:<table>` permissions and same-named groups, each group holding its
 * permission. Idempotent: a table whose `read:<table>` permission exists is left alone. Returns the rows created.
 */
export async function generateCrudPermissions(table: string): Promise<number> {
  if (await Permission.exists({ name: crudName('read', table) })) return 0;
  const permissions = await Permission.bulkSave(crudRows('permission', table).map((row) => Permission.create(row)));
  let created = permissions.length;
  if (!(await Group.exists({ name: crudName('read', table) }))) {
    const groups = await Group.bulkSave(crudRows('permission_group', table).map((row) => Group.create(row)));
    for (let i = 0; i < groups.length; i++) await groupPermissions.add(groups[i]!, [permissions[i]!]);
    created += groups.length;
  }
  return created;
}
