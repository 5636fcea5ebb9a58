import { z } from 'zod';
import { BaseTable, Field, Model } from '../../../core/db/index.js';

/** Fields shared by permissions and groups: a unique name and the table it is about. */
const name = () => z.string().trim().min(1).max(255);

/**
 * A permission is data: a name such as `update:hero` or `can_view_stats`, held by users directly or through
 * groups. Every table gets `create|read|update|delete:<table>` when it is created.
 */
@Model({ tableName: 'permission', naturalKey: 'name' })
export class Permission extends BaseTable {
  @Field(name(), { unique: true }) name!: string;
  @Field(name(), { index: true }) targetTable!: string;
  @Field(z.string().max(255).nullable().default(null)) displayName!: string | null;
  @Field(z.string().max(1000).nullable().default(null)) description!: string | null;
}

/** A group of users holding permissions (table `permission_group`); CRUD groups are named like their permission. */
@Model({ tableName: 'permission_group', naturalKey: 'name' })
export class Group extends BaseTable {
  @Field(name(), { unique: true }) name!: string;
  @Field(name(), { index: true }) targetTable!: string;
  @Field(z.string().max(255).nullable().default(null)) displayName!: string | null;
  @Field(z.string().max(1000).nullable().default(null)) description!: string | null;
}
