import type { BaseTable, KeyedLinks } from '../../../core/db/index.js';
import type { Permission } from './permission.js';

/** The permission methods users and groups share (the original's PermissionMixin), over their link table. */
export function permissionMethods<O extends BaseTable>(links: KeyedLinks<O, Permission>, changed: (owner: O) => void) {
  return {
    /** The permissions held directly, ordered by id. */
    permissions(owner: O): Promise<Permission[]> {
      return links.list(owner);
    },
    /** Adds one permission. */
    async addPermission(owner: O, permission: Permission): Promise<void> {
      await links.add(owner, [permission]);
      changed(owner);
    },
    /** Adds the permissions not held yet. */
    async extendPermissions(owner: O, permissions: readonly Permission[]): Promise<void> {
      await links.add(owner, permissions);
      changed(owner);
    },
    /** Removes these permissions. */
    async removePermissions(owner: O, permissions: readonly Permission[]): Promise<void> {
      await links.remove(owner, permissions);
      changed(owner);
    },
  };
}
