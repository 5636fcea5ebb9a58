import type { Request, Response } from 'express';
import { z } from 'zod';
import { currentEm } from '../../../core/db/index.js';
import { Controller, CurrentUser, Query, Req, Res, route } from '../../../core/http/index.js';
import { render } from '../../../core/templating/index.js';
import type { User } from '../../user/models/index.js';
import { ChatRoom, ChatRoomRead } from '../models/index.js';

const FilterQuery = z.object({ room_name: z.string().trim().max(255).optional() });

/** Usernames by id of the rooms' owners and members (the page names messages' authors with them; one query). */
async function peopleOf(rooms: readonly ChatRoom[], me: User): Promise<Record<number, string>> {
  const people: Record<number, string> = { [me.id]: me.username };
  if (rooms.length === 0) return people;
  const ids = rooms.map((r) => r.id);
  const marks = ids.map(() => '?').join(', ');
  const rows = await currentEm().execute<Array<{ id: number; username: string }>>(
    `select u.id, u.username from users u where u.id in (select owner_id from chatroom where id in (${marks}))
       or u.id in (select user_id from chatroomuserlink where room_id in (${marks}))`,
    [...ids, ...ids],
  );
  for (const row of rows) people[row.id] = row.username;
  return people;
}

/** The chat page (`/web/chat/`) and its room search. */
@Controller('/chat', { tags: ['Web'] })
export class ChatPageController {
  /** Rooms the user sees, with what the user may do in each; the script talks to the API and the websocket. */
  @route.get('/', { name: 'chat-template' })
  async page(@CurrentUser() user: User, @Req() req: Request, @Res() res: Response) {
    const rooms = await ChatRoom.visibleTo(user);
    const joined = await ChatRoom.memberOf(user, rooms.map((r) => r.id));
    const items = rooms.map((room) => ({
      ...room.toJSON(),
      owned: room.owner.id === user.id,
      member: joined.has(room.id),
      can_talk: user.isAdmin || room.owner.id === user.id || joined.has(room.id),
      can_delete: room.isManagedBy(user),
    }));
    render({ req, res }, 'chat/index.html', { title: 'Chat', rooms: items, people: JSON.stringify(await peopleOf(rooms, user)) });
  }

  /** The rooms whose name starts with `room_name` (case-insensitive) among those the user sees; all for admins. */
  @route.get('/filter/rooms/', { name: 'room-filter', response: z.array(ChatRoomRead) })
  filter(@CurrentUser() user: User, @Query(FilterQuery) query: z.infer<typeof FilterQuery>) {
    return ChatRoom.visibleTo(user, query.room_name || undefined);
  }
}
