import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded the first time it is used, synchronously: a process that never uses it never pays
 * for loading it (a server without REDIS_URL never loads BullMQ or ioredis). Async code can `await import()`.
 * @example import type * as IORedis from 'ioredis'; const ioredis = lazyRequire<typeof IORedis>('ioredis');
 *          new (ioredis().Redis)(url);
 */
export function lazyRequire<T>(specifier: string): () => T {
  return () => require(specifier) as T;
}
