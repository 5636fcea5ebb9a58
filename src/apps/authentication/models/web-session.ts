import { z } from 'zod';
import { BaseTable, Field, ManyToOne, Model, type Hidden, type Rel } from '../../../core/db/index.js';
import { User } from '../../user/models/index.js';

/**
 * The server side of a web session: the cookie carries a random key (signed), the row its SHA-256. A session
 * lives while its row exists, it was used within SESSION_IDLE_MINUTES, and `expiresAt` (the absolute
 * lifetime) is ahead; logout deletes the row, so it ends on every replica at once.
 */
@Model({ tableName: 'web_session' })
export class WebSession extends BaseTable {
  @Field(z.string().length(64), { unique: true, hidden: true }) keyHash!: Hidden<string>;
  @ManyToOne(() => User, { deleteRule: 'cascade' }) user!: Rel<User>;
  @Field(z.coerce.date()) lastSeenAt!: Date;
  @Field(z.coerce.date()) expiresAt!: Date;
}
