/** Realtime: websocket endpoints on the HTTP server, fan-out across processes, backpressure and heartbeats. */
import { getLogger } from '../logging/index.js';
import { getSettings } from '../../settings/index.js';
import { MemoryBroadcaster, type Broadcaster } from './broadcaster.js';
import { RedisBroadcaster } from './redis-broadcaster.js';

export { MemoryBroadcaster, ListenerRegistry, type Broadcaster, type BroadcastListener, type Unsubscribe } from './broadcaster.js';
export { RedisBroadcaster } from './redis-broadcaster.js';
export { attachUpgrades, refuseUpgrade, type UpgradeRoute } from './upgrade.js';
export { sendBounded, startHeartbeat } from './sockets.js';

let shared: Broadcaster | undefined;

/** A broadcaster for REDIS_URL (Redis pub/sub), or in-process without it. */
export function createBroadcaster(url = getSettings().REDIS_URL): Broadcaster {
  const log = (error: unknown) => getLogger().warn({ err: error }, 'broadcast failed');
  return url ? new RedisBroadcaster(url, log) : new MemoryBroadcaster(log);
}

/** The process's broadcaster, created on first use. */
export function getBroadcaster(): Broadcaster {
  shared ??= createBroadcaster();
  return shared;
}

/** Closes the process's broadcaster (shutdown; tests that switch REDIS_URL). */
export async function closeBroadcaster(): Promise<void> {
  const current = shared;
  shared = undefined;
  await current?.close();
}
