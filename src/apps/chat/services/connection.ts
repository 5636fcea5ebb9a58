import type { WebSocket } from 'ws';
import { withContext } from '../../../core/db/index.js';
import { sendBounded } from '../../../core/realtime/index.js';
import { getLogger } from '../../../core/logging/index.js';
import type { User } from '../../user/models/index.js';
import { ChatMessage, ChatRoom } from '../models/index.js';
import type { RoomEvent } from './events.js';
import { parseFrame, type ClientFrame, type ServerReply } from './protocol.js';
import type { RoomHub, RoomListener } from './room-hub.js';

const DENIED = 'Insufficient rights to carry out this action';
const NOT_FOUND = 'Object ChatRoom not found.';

/**
 * One websocket of a user: its current room, and its frames handled one after the other (a `send` after a
 * `change_room` sees the new room). Membership is checked against the database on every room change and on
 * every message (the original never checked it), so leaving a room or losing access takes effect at once.
 */
export class ChatConnection implements RoomListener {
  private room: number | undefined;
  /** The room is the user's own (or the user is an admin): unsubscribing does not take it out. */
  private privileged = false;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly socket: WebSocket,
    readonly user: User,
    private readonly hub: RoomHub,
    private readonly maxBuffered: number,
  ) {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? undefined : data.toString();
      this.queue = this.queue.then(() => (text === undefined ? this.reply({ type: 'error', status: 400, detail: 'Binary frames are not supported: send JSON text.' }) : this.handle(text)));
    });
    socket.once('close', () => {
      this.closed = true;
      this.detach();
    });
    this.reply({ type: 'ready', user_id: user.id });
  }

  /** A room event from the hub: sent on as published (one JSON encoding), unless it takes this socket out. */
  receive(payload: string, event: RoomEvent): void {
    if (event.type === 'member_left' && event.user_id === this.user.id && !this.privileged) {
      this.leave('unsubscribed');
      return;
    }
    if (event.type === 'member_left') return;
    if (!sendBounded(this.socket, payload, this.maxBuffered)) return;
    if (event.type === 'room_deleted') this.leave('room_deleted', false);
  }

  private async handle(text: string): Promise<void> {
    if (this.closed) return;
    const frame = parseFrame(text);
    if ('error' in frame) return this.reply({ type: 'error', status: 422, detail: frame.error });
    try {
      await this.run(frame);
    } catch (error) {
      getLogger().error({ err: error, user: this.user.id }, 'chat frame failed');
      this.reply({ type: 'error', status: 503, detail: 'Service unavailable, try again.' });
    }
  }

  private async run(frame: ClientFrame): Promise<void> {
    switch (frame.action) {
      case 'change_room':
        return this.changeRoom(frame.room_id);
      case 'leave_room':
        if (this.room !== undefined) this.leave('leave_room');
        return;
      case 'send':
        return this.send(frame.message, frame.room_id ?? this.room);
    }
  }

  /** The room if this user may talk in it, or the error reply to send. */
  private async access(roomId: number): Promise<{ room: ChatRoom } | { status: number; detail: string }> {
    const room = await ChatRoom.get({ id: roomId });
    if (!room) return { status: 404, detail: NOT_FOUND };
    if (!(await room.allows(this.user))) return { status: 403, detail: DENIED };
    return { room };
  }

  private async changeRoom(roomId: number): Promise<void> {
    const found = await withContext(() => this.access(roomId));
    if (!('room' in found)) return this.reply({ type: 'error', ...found });
    if (this.room !== undefined && this.room !== roomId) this.leave('change_room');
    this.privileged = found.room.isManagedBy(this.user);
    if (this.room !== roomId) {
      this.room = roomId;
      await this.hub.join(roomId, this);
      if (this.closed) return this.detach();
    }
    this.reply({ type: 'joined', room_id: roomId });
  }

  private async send(content: string, roomId: number | undefined): Promise<void> {
    if (roomId === undefined) return this.reply({ type: 'error', status: 409, detail: 'Join a room first: {"action": "change_room", "room_id": N}.' });
    const saved = await withContext(async () => {
      const found = await this.access(roomId);
      if (!('room' in found)) return found;
      return { message: await ChatMessage.create({ content, room_id: roomId, author_id: this.user.id }).save() };
    });
    if (!('message' in saved)) return this.reply({ type: 'error', ...saved });
    const delivered = await this.hub.publish({ type: 'message', room_id: roomId, message: saved.message.toJSON() });
    if (!delivered) return this.reply({ type: 'error', status: 503, detail: 'The message was saved but could not be delivered live.' });
    this.reply({ type: 'sent', room_id: roomId, message_id: saved.message.id });
  }

  private leave(reason: 'leave_room' | 'change_room' | 'unsubscribed' | 'room_deleted', tell = true): void {
    const room = this.room;
    if (room === undefined) return;
    this.detach();
    if (tell) this.reply({ type: 'left', room_id: room, reason });
  }

  private detach(): void {
    if (this.room !== undefined) this.hub.leave(this.room, this);
    this.room = undefined;
    this.privileged = false;
  }

  private reply(reply: ServerReply): void {
    sendBounded(this.socket, JSON.stringify(reply), this.maxBuffered);
  }
}
