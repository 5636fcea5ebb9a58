import { z } from 'zod';
import { Forbidden } from '../../../core/errors/index.js';
import { currentUser, dependency } from '../../../core/http/index.js';
import { ACCESS_DENIED } from '../../user/dependencies/index.js';
import { ChatMessage, ChatRoom } from '../models/index.js';

/** A strict id in a path: digits only, 1 to 2147483647 (`1.0`, `0x1`, `-1` or ` 1` are a 422). */
export const Id = z.string().regex(/^[1-9][0-9]{0,9}$/, 'Expected a positive integer id.').transform(Number).pipe(z.number().int().max(2147483647));

export const ROOM_NOT_FOUND = 'Object ChatRoom not found.';
export const MESSAGE_NOT_FOUND = 'Object ChatMessage not found.';

/** The room of the path (`:room_id`), or 404 "Object ChatRoom not found." (the original's `RoomDepends`). */
export const roomOr404 = dependency((ctx) => ChatRoom.getOr404({ id: ctx.param('room_id', Id) }, ROOM_NOT_FOUND), {
  name: 'room',
  responses: { 404: ROOM_NOT_FOUND },
});

/** The room, if the caller may read and write in it: admin, owner or member (401, 404, then 403). */
export const roomAccess = dependency(
  async (ctx) => {
    const user = await ctx.resolve(currentUser);
    const room = await ctx.resolve(roomOr404);
    if (!(await room.allows(user))) throw new Forbidden(ACCESS_DENIED);
    return room;
  },
  { name: 'ChatRoomAccess', uses: [currentUser, roomOr404], responses: { 403: ACCESS_DENIED } },
);

/** The room, if the caller may edit or delete it: admin or owner (401, 404, then 403). */
export const roomManageAccess = dependency(
  async (ctx) => {
    const user = await ctx.resolve(currentUser);
    const room = await ctx.resolve(roomOr404);
    if (!room.isManagedBy(user)) throw new Forbidden(ACCESS_DENIED);
    return room;
  },
  { name: 'ChatRoomEditAccess', uses: [currentUser, roomOr404], responses: { 403: ACCESS_DENIED } },
);

/** The message of the path in the room of the path, if the caller wrote it or is an admin (the room owner may not). */
export const messageDeleteAccess = dependency(
  async (ctx) => {
    const user = await ctx.resolve(currentUser);
    const room = await ctx.resolve(roomOr404);
    const message = await ChatMessage.getOr404({ id: ctx.param('message_id', Id), room: room.id }, MESSAGE_NOT_FOUND);
    if (!user.isAdmin && message.author?.id !== user.id) throw new Forbidden(ACCESS_DENIED);
    return message;
  },
  { name: 'ChatMessageDeleteAccess', uses: [currentUser, roomOr404], responses: { 403: ACCESS_DENIED, 404: `${ROOM_NOT_FOUND} / ${MESSAGE_NOT_FOUND}` } },
);
