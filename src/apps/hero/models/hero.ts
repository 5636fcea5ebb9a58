import { z } from 'zod';
import { BaseTable, Field, ManyToOne, Model, type Rel } from '../../../core/db/index.js';
import { User } from '../../user/models/index.js';

/** The tutorial's hero (table `hero`). */
@Model()
export class Hero extends BaseTable {
  @Field(z.string().trim().min(1).max(255), { index: 'ix_hero_name' }) name!: string;
  @Field(z.string().trim().min(1).max(255)) secretName!: string;
  @Field(z.number().int().min(0).max(10000).nullable().default(null)) age!: number | null;
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' }) user!: Rel<User> | null;
}
