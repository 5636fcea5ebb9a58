import bcrypt from 'bcrypt';
import { z } from 'zod';
import { BaseTable, Field, Model, OptionalProps, signals, type Hidden } from '../../../core/db/index.js';
import { getSettings } from '../../../settings/index.js';
import { authorizationOf, forgetAuthorization, holds } from './authorization-data.js';
import { permissionMethods } from './permission-holder.js';
import { userGroups, userPermissions } from './links.js';
import type { Group, Permission } from './permission.js';

const direct = permissionMethods<User>(userPermissions, forgetAuthorization);

/** What a user may do: admins bypass permission checks; staff and active users need permissions. */
export const ROLES = ['admin', 'staff', 'active'] as const;
export type Role = (typeof ROLES)[number];
/**
 * Informational, as in the original: the kit never reads `status` (an inactive user logs in like any other) and
 * no client sets it through the API. New users are `inactive`; a project gives it a meaning (an email check, a
 * suspension) in its own code.
 */
export const STATUSES = ['active', 'inactive'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * A user of the API (table `users`). The password is stored as a bcrypt hash, hashed on save whenever it
 * changes, and never serialized.
 * @example const user = await User.create({ username: 'd.john', first_name: 'John', last_name: 'Doe', password: 'secret123' }).save();
 */
@Model({ tableName: 'users', naturalKey: 'username' })
export class User extends BaseTable {
  [OptionalProps]?: 'role' | 'status';

  @Field(z.string().trim().min(1).max(150), { unique: 'ix_users_username' }) username!: string;
  @Field(z.string().trim().min(1).max(150)) firstName!: string;
  @Field(z.string().trim().min(1).max(150)) lastName!: string;
  @Field(z.string().min(1).max(128), { hidden: true }) password!: Hidden<string>;
  @Field(z.email().max(254).nullable().default(null), { unique: true }) email!: string | null;
  @Field(z.string().max(255).nullable().default(null)) address!: string | null;
  @Field(z.number().int().min(0).max(200).nullable().default(null)) age!: number | null;
  @Field(z.enum(ROLES).default('active'), { index: 'ix_users_role' }) role!: Role;
  @Field(z.enum(STATUSES).default('inactive'), { index: 'ix_users_status' }) status!: Status;

  /** "First Last". */
  get fullName(): string {
    return `${this.firstName} ${this.lastName}`;
  }

  get isAdmin(): boolean {
    return this.role === 'admin';
  }

  /** True when `plain` is this user's password (constant-time through bcrypt). */
  checkPassword(plain: string): Promise<boolean> {
    return bcrypt.compare(plain, this.password);
  }

  // ----- permissions (data, as the original's PermissionMixin) ------------------------------------------------

  /** The user's direct permissions, ordered by id. */
  permissions(): Promise<Permission[]> {
    return direct.permissions(this);
  }

  /** Gives the user a permission. */
  addPermission(permission: Permission): Promise<void> {
    return direct.addPermission(this, permission);
  }

  /** Gives the user the permissions it does not hold yet. */
  extendPermissions(permissions: readonly Permission[]): Promise<void> {
    return direct.extendPermissions(this, permissions);
  }

  /** Takes these permissions away. */
  removePermissions(permissions: readonly Permission[]): Promise<void> {
    return direct.removePermissions(this, permissions);
  }

  /**
   * True when the user holds every named permission directly (any one with `anyMatch`); admins hold all.
   * An empty list is false. Group permissions count through `permissionRequired`, not here.
   * @example await user.hasPermissions(['can_view_stats'])
   */
  async hasPermissions(names: readonly string[], anyMatch = false): Promise<boolean> {
    if (this.isAdmin) return true;
    return holds((await authorizationOf(this)).permissions, names, anyMatch);
  }

  /** The user's groups, ordered by id. */
  groups(): Promise<Group[]> {
    return userGroups.list(this);
  }

  /** Adds the user to these groups (those it is not in yet). */
  async addToGroups(groups: readonly Group[]): Promise<void> {
    await userGroups.add(this, groups);
    forgetAuthorization(this);
  }

  /** Removes the user from these groups. */
  async removeFromGroups(groups: readonly Group[]): Promise<void> {
    await userGroups.remove(this, groups);
    forgetAuthorization(this);
  }

  /** True when the user belongs to every named group (at least one with `anyMatch`); false for an empty list. */
  async belongsToGroups(names: readonly string[], anyMatch = false): Promise<boolean> {
    return holds(new Set((await authorizationOf(this)).groups.keys()), names, anyMatch);
  }
}

// The project's user model: it types `currentUser` and the `@CurrentUser()` parameters of every app.
declare module '../../../core/http/index.js' {
  interface KitTypes {
    user: User;
  }
}

/** Hashes the password of a new user, and of an existing one whose password this write changes. */
async function hashPassword(user: User, changed: ReadonlySet<string>): Promise<void> {
  if (changed.has('password')) user.password = await bcrypt.hash(user.password, getSettings().PASSWORD_HASH_ROUNDS);
}
signals.beforeInsert(User, (user, { changed }) => hashPassword(user, changed));
signals.beforeUpdate(User, (user, { changed }) => hashPassword(user, changed));
