import { Body, Controller, CurrentUser, Depends, Query, route } from '../../../core/http/index.js';
import type { User } from '../../user/models/index.js';
import { messageDeleteAccess, roomAccess } from '../dependencies/index.js';
import { ChatMessage, ChatMessageCreate, ChatMessageRead, ChatRoom, pageOf } from '../models/index.js';
import { publishRoomEvent } from '../services/events.js';
import { PageQuery } from './page-query.js';

/** A room's messages (`/api/rooms/:room_id/messages`): members read and write; authors and admins delete. */
@Controller('/rooms/:room_id/messages')
export class RoomMessagesController {
  @route.get('/', { name: 'room-messages', response: pageOf(ChatMessageRead), summary: "A room's messages, oldest first (admin, owner or member)" })
  list(@Depends(roomAccess) room: ChatRoom, @Query(PageQuery) query: PageQuery) {
    return ChatMessage.paginate(query, { room: room.id }, { orderBy: ['createdAt', 'id'] });
  }

  @route.post('/', { name: 'room-message-add', response: ChatMessageRead, summary: 'Post a message (200, as the original); websockets in the room receive it' })
  async add(@Depends(roomAccess) room: ChatRoom, @CurrentUser() user: User, @Body(ChatMessageCreate) data: ChatMessageCreate) {
    const message = await ChatMessage.create({ ...data, room_id: room.id, author_id: user.id }).save();
    await publishRoomEvent({ type: 'message', room_id: room.id, message: message.toJSON() });
    return message;
  }

  @route.delete('/:message_id', { name: 'room-message-delete', status: 204, summary: 'Delete a message (its author or an admin)' })
  async remove(@Depends(messageDeleteAccess) message: ChatMessage) {
    const roomId = message.room.id;
    const id = message.id;
    await message.delete();
    await publishRoomEvent({ type: 'message_deleted', room_id: roomId, message_id: id });
  }
}
