import { z } from 'zod';
import { BaseTable, Field, Model, OneToOne, OptionalProps, type Rel } from '../../../core/db/index.js';
import { Post } from './post.js';

/** How often a post was read; created with the post by a signal (signals/index.ts). */
@Model()
export class PostStatistic extends BaseTable {
  [OptionalProps]?: 'views';
  @OneToOne(() => Post, { owner: true, deleteRule: 'cascade', unique: true }) post!: Rel<Post>;
  @Field(z.number().int().min(0).default(0)) views!: number;
}
