import { KeyedLinks, ManyToOne, Model, type Rel } from '../../../core/db/index.js';
import type { User } from './user.js';
import type { Group, Permission } from './permission.js';

// The original's link tables, keyed by the permission's and the group's *name*, as the original's are. The models
// are named, not imported: User and Group use these links, so importing them here would close an import cycle.
const byName = (column: string) => ({ primary: true, fieldName: column, referencedColumnNames: ['name'], columnType: 'varchar(255)', deleteRule: 'cascade', updateRule: 'cascade' });
const byUser = { primary: true, fieldName: 'user_id', deleteRule: 'cascade' };

/** permissionuserlink: a user's direct permissions. */
@Model({ tableName: 'permissionuserlink' })
export class PermissionUserLink {
  @ManyToOne('User', byUser) user!: Rel<User>;
  @ManyToOne('Permission', byName('permission_name')) permission!: Rel<Permission>;
}

/** permissiongrouplink: a group's permissions. */
@Model({ tableName: 'permissiongrouplink' })
export class PermissionGroupLink {
  @ManyToOne('Group', byName('group_name')) group!: Rel<Group>;
  @ManyToOne('Permission', byName('permission_name')) permission!: Rel<Permission>;
}

/** groupuserlink: group membership. */
@Model({ tableName: 'groupuserlink' })
export class GroupUserLink {
  @ManyToOne('User', byUser) user!: Rel<User>;
  @ManyToOne('Group', byName('group_name')) group!: Rel<Group>;
}

/** A user's direct permissions; fixtures fill it from `permissions: [name, …]` on a user. */
export const userPermissions = new KeyedLinks<User, Permission>({ link: PermissionUserLink, ownerProperty: 'user', targetProperty: 'permission', fixtureProperty: 'permissions' });

/** A group's permissions; fixtures fill it from `permissions: [name, …]` on a group. */
export const groupPermissions = new KeyedLinks<Group, Permission>({ link: PermissionGroupLink, ownerProperty: 'group', targetProperty: 'permission', fixtureProperty: 'permissions' });

/** Group membership; fixtures fill it from `groups: [name, …]` on a user. */
export const userGroups = new KeyedLinks<User, Group>({ link: GroupUserLink, ownerProperty: 'user', targetProperty: 'group', fixtureProperty: 'groups' });
