import { z } from 'zod';
import { BaseTable, Field, ManyToOne, Model, OptionalProps, type Hidden, type Rel } from '../../../core/db/index.js';
import { User } from '../../user/models/index.js';

/**
 * The server-side token registry: a JWT is accepted only while its row exists. Rows store the token's SHA-256,
 * never the token. Logout deletes the row; deleting the user sets `user_id` null (the token stops working);
 * a password change deletes the user's rows.
 */
@Model({ tableName: 'jwttoken' })
export class JWTToken extends BaseTable {
  [OptionalProps]?: 'tokenType';
  @Field(z.uuid(), { unique: true }) jti!: string;
  @Field(z.string().length(64), { unique: true, hidden: true }) tokenHash!: Hidden<string>;
  @Field(z.string().max(20).default('Bearer')) tokenType!: string;
  @Field(z.coerce.date()) expiresAt!: Date;
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' }) user!: Rel<User> | null;
}
