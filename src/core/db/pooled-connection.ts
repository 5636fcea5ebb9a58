/**
 * Taking an idle connection from knex's pool without its asynchronous hand-over. knex's `acquireConnection` goes
 * through tarn, which for every acquire makes two pending operations (each a deferred promise, a timeout promise and
 * a timer), an async validation and a new resource record: some fifteen promises and two timers for a connection
 * that is already idle. In a profile of GET one hero that was a tenth of the requests' promises, each of which the
 * request's AsyncLocalStorage context is copied onto. When the pool is plainly idle (a free connection, nobody
 * waiting, no validation pending) the connection is moved from tarn's free list to its used list, exactly what
 * tarn does once validation passes, so `releaseConnection` and the pool's counts and reaping are unchanged.
 * Anything else (a busy or empty pool, a connection knex marked broken, a knex set up to revalidate connections)
 * takes the ordinary path. Written against tarn 3.0's fields (the version knex 3 pins).
 */

/** tarn's record of a pooled resource. */
interface TarnResource {
  resource: { __knex__disposed?: unknown };
}
interface TarnPoolLike {
  free: TarnResource[];
  used: TarnResource[];
  pendingAcquires: unknown[];
  pendingValidations: unknown[];
  pendingCreates: unknown[];
  destroyed: boolean;
  interval: unknown;
}
interface KnexClientConfig {
  connection?: unknown;
  pool?: { validate?: unknown; maxConnectionLifetimeMillis?: unknown };
}
/** The part of knex's client used here. */
export interface PooledClient {
  pool?: unknown;
  config?: KnexClientConfig;
}

/** tarn's pool, when the client has one of the shape this module knows. */
function tarnPool(client: PooledClient): TarnPoolLike | undefined {
  const pool = client.pool as Partial<TarnPoolLike> | undefined;
  return pool && Array.isArray(pool.free) && Array.isArray(pool.used) && Array.isArray(pool.pendingAcquires) && Array.isArray(pool.pendingValidations) && Array.isArray(pool.pendingCreates) ? (pool as TarnPoolLike) : undefined;
}

const simpleClients = new WeakMap<object, boolean>();
/**
 * Whether knex validates this client's connections by the disposed mark alone: no connection settings to
 * re-read (a function), no lifetime limit, no validator of the user's.
 */
function validatesByMarkOnly(client: PooledClient): boolean {
  let simple = simpleClients.get(client);
  if (simple === undefined) {
    const config = client.config ?? {};
    simple = typeof config.connection !== 'function' && config.pool?.validate === undefined && config.pool?.maxConnectionLifetimeMillis === undefined;
    simpleClients.set(client, simple);
  }
  return simple;
}

/** An idle connection of the client's pool, now in use (release it with `releaseConnection`); undefined: acquire as usual. */
export function takeIdleConnection<C>(client: PooledClient): C | undefined {
  const pool = tarnPool(client);
  if (!pool || pool.destroyed || !pool.interval || pool.free.length === 0) return undefined;
  if (pool.pendingAcquires.length > 0 || pool.pendingValidations.length > 0 || pool.pendingCreates.length > 0) return undefined;
  if (!validatesByMarkOnly(client)) return undefined;
  const free = pool.free[pool.free.length - 1]!;
  // A connection that errored is left for tarn's validation, which destroys it and makes a new one.
  if (free.resource.__knex__disposed) return undefined;
  pool.free.pop();
  pool.used.push(free);
  return free.resource as C;
}
