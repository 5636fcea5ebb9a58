import type * as IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import { lazyRequire } from '../lazy-require.js';
import { ListenerRegistry, type Broadcaster, type BroadcastListener, type Unsubscribe } from './broadcaster.js';

/** Loaded with the first Redis broadcaster: without REDIS_URL ioredis is never loaded. */
const ioredis = lazyRequire<typeof IORedis>('ioredis');

/**
 * Redis pub/sub: every process of the deployment receives what any of them publishes. Pub/sub ignores Redis
 * database numbers, so channels carry the URL's database as a prefix (`db3:chat:room:1`): deployments (or test
 * runs) on different databases of one Redis do not hear each other. One subscriber connection per process and
 * one SUBSCRIBE per channel, whatever the number of local listeners; ioredis re-subscribes after a reconnect.
 */
export class RedisBroadcaster implements Broadcaster {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new ListenerRegistry();
  private readonly prefix: string;

  constructor(url: string, private readonly onError: (error: unknown) => void = () => {}) {
    const options = { connectTimeout: 2000, maxRetriesPerRequest: 1, lazyConnect: true };
    this.publisher = new (ioredis().Redis)(url, options);
    this.subscriber = new (ioredis().Redis)(url, { ...options, maxRetriesPerRequest: null });
    const db = Number(new URL(url).pathname.slice(1) || 0);
    this.prefix = `db${Number.isInteger(db) ? db : 0}:`;
    // ioredis reports connection errors as events: without listeners they would be unhandled.
    this.publisher.on('error', onError);
    this.subscriber.on('error', onError);
    this.subscriber.on('message', (channel: string, payload: string) => {
      if (channel.startsWith(this.prefix)) this.listeners.deliver(channel.slice(this.prefix.length), payload, this.onError);
    });
  }

  async publish(channel: string, payload: string): Promise<void> {
    await this.publisher.publish(this.prefix + channel, payload);
  }

  async subscribe(channel: string, listener: BroadcastListener): Promise<Unsubscribe> {
    if (this.listeners.add(channel, listener)) {
      try {
        await this.subscriber.subscribe(this.prefix + channel);
      } catch (error) {
        this.listeners.remove(channel, listener);
        throw error;
      }
    }
    return async () => {
      if (this.listeners.remove(channel, listener)) await this.subscriber.unsubscribe(this.prefix + channel).catch(this.onError);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all([this.publisher, this.subscriber].map((c) => c.quit().catch(() => c.disconnect())));
  }
}
