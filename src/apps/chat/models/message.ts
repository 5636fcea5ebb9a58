import { z } from 'zod';
import { BaseTable, Field, ManyToOne, Model, type Rel } from '../../../core/db/index.js';
import { User } from '../../user/models/index.js';
import type { ChatRoom } from './room.js';

/**
 * A message of a room (table `chatmessage`): its author is kept as null when the user is deleted; the message
 * goes with its room.
 */
@Model({ tableName: 'chatmessage' })
export class ChatMessage extends BaseTable {
  @Field(z.string().trim().min(1).max(4000)) content!: string;
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' }) author!: Rel<User> | null;
  @ManyToOne('ChatRoom', { deleteRule: 'cascade', index: 'ix_chatmessage_room_id' }) room!: Rel<ChatRoom>;
}
