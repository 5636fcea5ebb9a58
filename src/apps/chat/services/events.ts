import { getBroadcaster } from '../../../core/realtime/index.js';
import { getLogger } from '../../../core/logging/index.js';
import type { ReadJSON } from '../../../core/db/index.js';
import type { ChatMessage } from '../models/index.js';

/**
 * The events fanned out to a room's websockets, encoded once as JSON: what the broadcaster carries is exactly
 * what each client receives (no JSON string inside JSON). See the protocol in `../README.md`.
 */
export type RoomEvent =
  | { type: 'message'; room_id: number; message: ReadJSON<ChatMessage> }
  | { type: 'message_deleted'; room_id: number; message_id: number }
  | { type: 'member_left'; room_id: number; user_id: number }
  | { type: 'room_deleted'; room_id: number };

/** The channel of a room: named by id (the original's names collided across owners). */
export const roomChannel = (roomId: number) => `chat:room:${roomId}`;

/**
 * Publishes an event to every process. A fan-out failure (Redis down) is logged, not thrown: the write it
 * reports is already committed, and clients catch up from the REST history when they change room.
 */
export async function publishRoomEvent(event: RoomEvent): Promise<boolean> {
  try {
    await getBroadcaster().publish(roomChannel(event.room_id), JSON.stringify(event));
    return true;
  } catch (error) {
    getLogger().warn({ err: error, room: event.room_id }, 'chat event not fanned out');
    return false;
  }
}
