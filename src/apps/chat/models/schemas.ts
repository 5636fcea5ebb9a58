import { z } from 'zod';
import { ChatMessage } from './message.js';
import { ChatRoom } from './room.js';

/** POST and PATCH bodies of a room: name required, visibility private unless sent (extra keys are ignored). */
export const ChatRoomCreate = ChatRoom.createSchema().pick({ name: true, visibility: true });
/** PATCH applies the whole body, as the original: an omitted visibility goes back to private. */
export const ChatRoomUpdate = ChatRoomCreate;
/** A room as the API returns it: `{id, created_at, updated_at, name, visibility, owner_id}`. */
export const ChatRoomRead = ChatRoom.readSchema();
/** POST body of a message. */
export const ChatMessageCreate = ChatMessage.createSchema().pick({ content: true });
/** A message as the API returns it: `{id, created_at, updated_at, content, author_id, room_id}`. */
export const ChatMessageRead = ChatMessage.readSchema();

/** A page of items, as fastapi-pagination's `Page[T]`. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), size: z.number().int(), pages: z.number().int() });

export type ChatRoomCreate = z.infer<typeof ChatRoomCreate>;
export type ChatRoomUpdate = z.infer<typeof ChatRoomUpdate>;
export type ChatMessageCreate = z.infer<typeof ChatMessageCreate>;
