/** Redis, shared by the parts that scale out (token cache, login throttling): one lazily connected client. */
export { getRedis, closeRedis, isRedisReady } from './client.js';
