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

/** What `ensureCrudPermissions` created (or `removeCrudPermissions` deleted) for a table. */
export interface CrudCreated {
  permissions: string[];
  groups: string[];
}

/**
 * Creates whichever of the `create|read|update|delete:<table>` permissions and same-named groups are missing,
 * and gives each new group (or the group of a new permission) its permission. Idempotent: a second call
 * creates nothing. Returns the names created.
 * @example await ensureCrudPermissions('hero'); // { permissions: ['create:hero', …], groups: ['create:hero', …] }
 */
export async function ensureCrudPermissions(table: string): Promise<CrudCreated> {
  const names = CRUD_METHODS.map((method) => crudName(method, table));
  const existingPermissions = new Set((await Permission.filter({ name__in: names })).map((p) => p.name));
  const existingGroups = new Set((await Group.filter({ name__in: names })).map((g) => g.name));
  const newPermissions = crudRows('permission', table).filter((row) => !existingPermissions.has(row.name));
  const newGroups = crudRows('permission_group', table).filter((row) => !existingGroups.has(row.name));
  if (newPermissions.length) await Permission.bulkSave(newPermissions.map((row) => Permission.create(row)));
  if (newGroups.length) await Group.bulkSave(newGroups.map((row) => Group.create(row)));
  const changed = new Set([...newPermissions, ...newGroups].map((row) => row.name));
  if (changed.size) {
    const permissions = new Map((await Permission.filter({ name__in: [...changed] })).map((p) => [p.name, p]));
    for (const group of await Group.filter({ name__in: [...changed] })) {
      const permission = permissions.get(group.name);
      if (permission) await groupPermissions.add(group, [permission]);
    }
  }
  return { permissions: newPermissions.map((row) => row.name), groups: newGroups.map((row) => row.name) };
}

/**
 * Creates the `create|read|update|delete:<table>` permissions and same-named groups that are missing, each
 * group holding its permission (what the original's migration hook does). Returns the number of rows created.
 */
export async function generateCrudPermissions(table: string): Promise<number> {
  const created = await ensureCrudPermissions(table);
  return created.permissions.length + created.groups.length;
}

/**
 * Deletes the `create|read|update|delete:<table>` permissions and same-named groups generated for a table (the
 * migration hook calls it when the table is dropped); their links to users and groups go with them (the
 * database cascades). Rows made by hand (any other name, or another target table) stay. Returns the names deleted.
 * @example await removeCrudPermissions('novel'); // { permissions: ['create:novel', …], groups: ['create:novel', …] }
 */
export async function removeCrudPermissions(table: string): Promise<CrudCreated> {
  const names = CRUD_METHODS.map((method) => crudName(method, table));
  const permissions = (await Permission.filter({ name__in: names, target_table: table })).map((p) => p.name);
  const groups = (await Group.filter({ name__in: names, target_table: table })).map((g) => g.name);
  if (permissions.length) await Permission.delete({ name__in: permissions });
  if (groups.length) await Group.delete({ name__in: groups });
  return { permissions, groups };
}

/** The tables that have generated CRUD permissions or groups (for `manage permissions --prune`). */
export async function tablesWithCrudPermissions(): Promise<string[]> {
  const rows = [...(await Permission.all()), ...(await Group.all())];
  const generated = rows.filter((row) => CRUD_METHODS.some((method) => row.name === crudName(method, row.targetTable)));
  return [...new Set(generated.map((row) => row.targetTable))].sort();
}
