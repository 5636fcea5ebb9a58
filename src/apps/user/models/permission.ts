import { z } from 'zod';
import { BaseTable, Field, Model } from '../../../core/db/index.js';
import type { User } from './user.js';
import { groupPermissions, userGroups } from './links.js';
import { permissionMethods } from './permission-holder.js';
import { forgetAuthorization, holds } from './authorization-data.js';
import { mikroOrm } from '../../../core/db/index.js';

const { Entity } = mikroOrm;

const groupDirect = permissionMethods<Group>(groupPermissions, () => undefined);

/** Fields shared by permissions and groups: a unique name, the table it is about, and how to show it. */
@Entity({ abstract: true })
export abstract class NamedForTable extends BaseTable {
  @Field(z.string().trim().min(1).max(255), { unique: true }) name!: string;
  @Field(z.string().trim().min(1).max(255), { index: true }) targetTable!: string;
  @Field(z.string().max(255).nullable().default(null)) displayName!: string | null;
  @Field(z.string().max(1000).nullable().default(null)) description!: string | null;
}

/**
 * A permission is data: a name such as `update:hero` or `can_view_stats`, held by users directly or through
 * groups. Every table gets `create|read|update|delete:<table>` when it is created.
 */
@Model({ tableName: 'permission', naturalKey: 'name' })
export class Permission extends NamedForTable {}

/** A group of users holding permissions (table `permission_group`); CRUD groups are named like their permission. */
@Model({ tableName: 'permission_group', naturalKey: 'name' })
export class Group extends NamedForTable {
  /** The group's members, ordered by id. */
  users(): Promise<User[]> {
    return userGroups.owners(this);
  }
  /** Adds a user. */
  addUser(user: User): Promise<void> {
    return this.extendUsers([user]);
  }
  /** Adds the users that are not members yet. */
  async extendUsers(users: readonly User[]): Promise<void> {
    await userGroups.addOwners(this, users);
    for (const user of users) forgetAuthorization(user); // their loaded groups are stale now
  }
  /** Removes these users. */
  async removeUsers(users: readonly User[]): Promise<void> {
    await userGroups.removeOwners(this, users);
    for (const user of users) forgetAuthorization(user);
  }
  /** The group's permissions, ordered by id. */
  permissions(): Promise<Permission[]> {
    return groupDirect.permissions(this);
  }
  addPermission(permission: Permission): Promise<void> {
    return groupDirect.addPermission(this, permission);
  }
  extendPermissions(permissions: readonly Permission[]): Promise<void> {
    return groupDirect.extendPermissions(this, permissions);
  }
  removePermissions(permissions: readonly Permission[]): Promise<void> {
    return groupDirect.removePermissions(this, permissions);
  }
  /** True when the group holds every named permission (one of them with `anyMatch`); false for an empty list. */
  async hasPermissions(names: readonly string[], anyMatch = false): Promise<boolean> {
    return holds(new Set(await groupPermissions.keys(this)), names, anyMatch);
  }
}
