/**
 * Fan-out of text messages to every process of a deployment: a process publishes on a channel, every process
 * subscribed to that channel (this one included) receives the same string. In-process without Redis; Redis
 * pub/sub with REDIS_URL (redis-broadcaster.ts).
 */

/** Receives each payload published on a channel, as published (one encoding: the string is not re-wrapped). */
export type BroadcastListener = (payload: string) => void;

/** What a subscription returns: call it to stop receiving. */
export type Unsubscribe = () => Promise<void>;

/**
 * Publish/subscribe by channel name.
 * @example const stop = await broadcaster.subscribe('chat:room:1', (text) => socket.send(text));
 * await broadcaster.publish('chat:room:1', JSON.stringify({ type: 'message' })); await stop();
 */
export interface Broadcaster {
  /** Delivers `payload` to every subscriber of `channel`, in every process; rejects when the backend is down. */
  publish(channel: string, payload: string): Promise<void>;
  /** Starts delivering `channel`'s payloads to `listener`; resolves once the subscription is active. */
  subscribe(channel: string, listener: BroadcastListener): Promise<Unsubscribe>;
  /** Stops every subscription and closes connections (shutdown). */
  close(): Promise<void>;
}

/** Listeners by channel: both broadcasters keep one backend subscription per channel and fan out locally. */
export class ListenerRegistry {
  private readonly byChannel = new Map<string, Set<BroadcastListener>>();

  /** Adds a listener; true when it is the channel's first (the backend must subscribe). */
  add(channel: string, listener: BroadcastListener): boolean {
    const set = this.byChannel.get(channel);
    if (set) {
      set.add(listener);
      return false;
    }
    this.byChannel.set(channel, new Set([listener]));
    return true;
  }

  /** Removes a listener; true when the channel has none left (the backend may unsubscribe). */
  remove(channel: string, listener: BroadcastListener): boolean {
    const set = this.byChannel.get(channel);
    if (!set?.delete(listener)) return false;
    if (set.size > 0) return false;
    this.byChannel.delete(channel);
    return true;
  }

  /** True while the channel has a listener. */
  has(channel: string): boolean {
    return this.byChannel.has(channel);
  }

  /** Calls every listener of the channel; one that throws does not stop the others. */
  deliver(channel: string, payload: string, onError: (error: unknown) => void): void {
    const set = this.byChannel.get(channel);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        onError(error);
      }
    }
  }

  /** Forgets every listener. */
  clear(): void {
    this.byChannel.clear();
  }
}

/** One process only (no Redis): publishing delivers to this process's subscribers, asynchronously as Redis would. */
export class MemoryBroadcaster implements Broadcaster {
  private readonly listeners = new ListenerRegistry();

  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  async publish(channel: string, payload: string): Promise<void> {
    queueMicrotask(() => this.listeners.deliver(channel, payload, this.onError));
  }

  async subscribe(channel: string, listener: BroadcastListener): Promise<Unsubscribe> {
    this.listeners.add(channel, listener);
    return async () => {
      this.listeners.remove(channel, listener);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
