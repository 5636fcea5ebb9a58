import { z } from 'zod';
import { BaseTable, Model, Field, ManyToOne, type Rel } from '../../../core/db/index.js';
import { User } from '../../user/models/index.js';

@Model()                                    // table "post"; BaseTable adds id, createdAt, updatedAt
export class Post extends BaseTable {
  @Field(z.string().min(1).max(200)) title!: string;
  @Field(z.string().nullable().default(null)) description!: string | null;
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null', eager: true })
  author!: Rel<User> | null;
}
