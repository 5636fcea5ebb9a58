import type { Broadcaster, Unsubscribe } from '../../../core/realtime/index.js';
import { roomChannel, type RoomEvent } from './events.js';

/** What the hub needs from a connection. */
export interface RoomListener {
  /** Receives a room event: `payload` is the JSON text as published (sent on as is), `event` its parsed form. */
  receive(payload: string, event: RoomEvent): void;
}

interface Room {
  listeners: Set<RoomListener>;
  subscription: Promise<Unsubscribe>;
}

/**
 * The rooms this process's websockets are in: one broadcaster subscription per room, however many sockets
 * are in it, and each published event parsed once here rather than once per socket.
 */
export class RoomHub {
  private readonly rooms = new Map<number, Room>();

  constructor(private readonly broadcaster: Broadcaster, private readonly onError: (error: unknown) => void) {}

  /** Puts `listener` in the room; resolves once this process receives the room's events. */
  async join(roomId: number, listener: RoomListener): Promise<void> {
    let room = this.rooms.get(roomId);
    if (!room) {
      const subscription = this.broadcaster.subscribe(roomChannel(roomId), (payload) => this.deliver(roomId, payload));
      room = { listeners: new Set(), subscription };
      this.rooms.set(roomId, room);
      subscription.catch(() => {
        if (this.rooms.get(roomId) === room) this.rooms.delete(roomId);
      });
    }
    room.listeners.add(listener);
    try {
      await room.subscription;
    } catch (error) {
      room.listeners.delete(listener);
      throw error;
    }
  }

  /** Takes `listener` out of the room; the last one out ends the subscription. */
  leave(roomId: number, listener: RoomListener): void {
    const room = this.rooms.get(roomId);
    if (!room?.listeners.delete(listener) || room.listeners.size > 0) return;
    this.rooms.delete(roomId);
    room.subscription.then((stop) => stop()).catch(this.onError);
  }

  /** Publishes an event to the room in every process; false (logged) when the fan-out failed. */
  async publish(event: RoomEvent): Promise<boolean> {
    try {
      await this.broadcaster.publish(roomChannel(event.room_id), JSON.stringify(event));
      return true;
    } catch (error) {
      this.onError(error);
      return false;
    }
  }

  /** The number of local listeners in a room (tests, metrics). */
  size(roomId: number): number {
    return this.rooms.get(roomId)?.listeners.size ?? 0;
  }

  /** Ends every subscription (shutdown). */
  async close(): Promise<void> {
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(rooms.map((room) => room.subscription.then((stop) => stop()).catch(() => undefined)));
  }

  private deliver(roomId: number, payload: string): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    let event: RoomEvent;
    try {
      event = JSON.parse(payload) as RoomEvent;
    } catch (error) {
      this.onError(error);
      return;
    }
    for (const listener of [...room.listeners]) {
      try {
        listener.receive(payload, event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
