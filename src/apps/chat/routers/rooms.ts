import { z } from 'zod';
import { Conflict } from '../../../core/errors/index.js';
import { Body, Controller, CurrentUser, Depends, Query, route } from '../../../core/http/index.js';
import { AdminAccess } from '../../user/dependencies/index.js';
import type { User } from '../../user/models/index.js';
import { roomAccess, roomManageAccess, roomOr404 } from '../dependencies/index.js';
import { ChatRoom, ChatRoomCreate, ChatRoomRead, ChatRoomUpdate, pageOf } from '../models/index.js';
import { publishRoomEvent } from '../services/events.js';
import { PageQuery } from './page-query.js';

const EXISTS = 'Chat room already exists.';
const Success = z.object({ success: z.literal(true) });

/** Rooms (`/api/rooms`, the original's routes): admins list all; members read; owners and admins edit and delete. */
@Controller('/rooms')
export class RoomsController {
  @route.get('/', { name: 'room-list', dependencies: [AdminAccess], response: pageOf(ChatRoomRead), summary: 'Every room, a page at a time (admins)' })
  list(@Query(PageQuery) query: PageQuery) {
    return ChatRoom.paginate(query, {}, { orderBy: ['createdAt', 'id'] });
  }

  @route.post('/', { name: 'room-create', status: 201, response: ChatRoomRead, responses: { 409: EXISTS }, summary: 'Create a room owned by the caller' })
  async create(@CurrentUser() user: User, @Body(ChatRoomCreate) data: ChatRoomCreate) {
    if (await ChatRoom.exists({ name: data.name, owner: user.id })) throw new Conflict(EXISTS);
    return ChatRoom.create({ ...data, owner_id: user.id }).save();
  }

  @route.get('/:room_id', { name: 'room-get', response: ChatRoomRead, summary: 'A room (admin, owner or member)' })
  get(@Depends(roomAccess) room: ChatRoom) {
    return room;
  }

  @route.patch('/:room_id', { name: 'room-edit', response: ChatRoomRead, responses: { 409: EXISTS }, summary: 'Rename a room or change its visibility (admin or owner; an omitted visibility is private)' })
  async edit(@Depends(roomManageAccess) room: ChatRoom, @Body(ChatRoomUpdate) data: ChatRoomUpdate) {
    if (data.name !== room.name && (await ChatRoom.exists({ name: data.name, owner: room.owner.id }))) throw new Conflict(EXISTS);
    return room.assign(data).save();
  }

  @route.delete('/:room_id', { name: 'room-delete', status: 204, summary: 'Delete a room and its messages (admin or owner)' })
  async remove(@Depends(roomManageAccess) room: ChatRoom) {
    const id = room.id;
    await room.delete();
    await publishRoomEvent({ type: 'room_deleted', room_id: id });
  }

  @route.patch('/:room_id/subscribe', { name: 'room-subscribe', response: Success, summary: 'Join a room' })
  async subscribe(@Depends(roomOr404) room: ChatRoom, @CurrentUser() user: User) {
    await room.subscribe(user);
    return { success: true as const };
  }

  @route.patch('/:room_id/unsubscribe', { name: 'room-unsubscribe', response: Success, summary: 'Leave a room' })
  async unsubscribe(@Depends(roomOr404) room: ChatRoom, @CurrentUser() user: User) {
    await room.unsubscribe(user);
    // The user's open websockets in the room stop receiving it (unless they own it).
    await publishRoomEvent({ type: 'member_left', room_id: room.id, user_id: user.id });
    return { success: true as const };
  }
}
