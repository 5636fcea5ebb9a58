/**
 * Connections for the compiled statements, from knex's pool without its asynchronous hand-over. knex's
 * `acquireConnection` goes through tarn, which for every acquire makes two pending operations (each a deferred
 * promise, a timeout promise and a timer), an async validation and a new resource record: some fifteen promises and
 * two timers per statement, each promise carrying the request's AsyncLocalStorage context. Under load, when every
 * connection is busy, that was half the promises of a PATCH.
 *
 * - **Idle pool**: a free connection, nobody waiting, nothing being validated or created: the connection moves from
 *   tarn's free list to its used list, which is what tarn does once validation passes.
 * - **Full pool**: every connection in use and the pool at its maximum: the statement waits in a queue of this
 *   module, and a connection released while someone waits goes straight to the first in line, staying in tarn's
 *   used list. Waiters time out as tarn's do (its `acquireTimeoutMillis`, knex's message), and when tarn has waiters
 *   of its own (MikroORM's statements) the released connections alternate between the two queues.
 * - Anything else (a pool that can still grow, a connection knex marked broken, a knex set up to revalidate
 *   connections, a transaction's client) takes knex's ordinary acquire.
 *
 * `releaseConnection` and the pool's counts and reaping are tarn's own either way. Written against tarn 3's fields
 * (the version knex 3 pins); a pool of another shape takes the ordinary path.
 */

type Connection = { __knex__disposed?: unknown };
/** tarn's record of a pooled resource. */
interface TarnResource {
  resource: Connection;
}
interface TarnPoolLike {
  free: TarnResource[];
  used: TarnResource[];
  pendingAcquires: unknown[];
  pendingValidations: unknown[];
  pendingCreates: unknown[];
  destroyed: boolean;
  interval: unknown;
  max: number;
  acquireTimeoutMillis: number;
}
interface KnexClientConfig {
  connection?: unknown;
  pool?: { validate?: unknown; maxConnectionLifetimeMillis?: unknown };
}
/** The part of knex's client used here. */
export interface PooledClient {
  pool?: unknown;
  config?: KnexClientConfig;
  /** Set on a transaction's client, whose one connection is the transaction's. */
  transacting?: boolean;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/** knex's message for a connection not found in time: the outage classifier (db-errors) knows it. */
const TIMEOUT_MESSAGE = 'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?';

/** tarn's pool, when the client has one of the shape this module knows. */
function tarnPool(client: PooledClient): TarnPoolLike | undefined {
  const pool = client.pool as Partial<TarnPoolLike> | undefined;
  if (!pool || client.transacting) return undefined;
  const lists = [pool.free, pool.used, pool.pendingAcquires, pool.pendingValidations, pool.pendingCreates];
  return lists.every(Array.isArray) && typeof pool.max === 'number' && typeof pool.acquireTimeoutMillis === 'number' ? (pool as TarnPoolLike) : undefined;
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

/** The pool, when this module may hand out its connections. */
function managedPool(client: PooledClient): TarnPoolLike | undefined {
  const pool = tarnPool(client);
  return pool && !pool.destroyed && validatesByMarkOnly(client) ? pool : undefined;
}

/** An idle connection of the pool, moved to its used list; undefined when the pool is not plainly idle. */
function takeIdle(pool: TarnPoolLike): Connection | undefined {
  if (!pool.interval || pool.free.length === 0) return undefined;
  if (pool.pendingAcquires.length > 0 || pool.pendingValidations.length > 0 || pool.pendingCreates.length > 0) return undefined;
  const free = pool.free[pool.free.length - 1]!;
  // A connection that errored is left for tarn's validation, which destroys it and makes a new one.
  if (free.resource.__knex__disposed) return undefined;
  pool.free.pop();
  pool.used.push(free);
  return free.resource;
}

/** Every connection in use and the pool at its maximum: nothing to take, nothing to make. */
const isFull = (pool: TarnPoolLike) => pool.free.length === 0 && pool.used.length + pool.pendingCreates.length >= pool.max;

/** An idle connection of the client's pool, now in use (release it with `releaseConnection`); undefined: acquire as usual. */
export function takeIdleConnection<C>(client: PooledClient): C | undefined {
  const pool = managedPool(client);
  return pool && (takeIdle(pool) as C | undefined);
}

interface Waiter {
  resolve(connection: unknown): void;
  reject(error: Error): void;
  deadline: number;
}
interface Queue {
  waiters: Waiter[];
  sweep?: NodeJS.Timeout;
  /** Whose turn the next released connection is when both queues have waiters. */
  tarnsTurn: boolean;
}
const queues = new WeakMap<PooledClient, Queue>();

/** The client's queue, installing the release that serves it (once per client). */
function queueOf(client: PooledClient): Queue {
  const known = queues.get(client);
  if (known) return known;
  const made: Queue = { waiters: [], tarnsTurn: false };
  queues.set(client, made);
  const release = client.releaseConnection.bind(client);
  client.releaseConnection = (connection: unknown) => {
    const pool = tarnPool(client);
    if (made.waiters.length > 0 && pool && !pool.destroyed && !(connection as Connection | undefined)?.__knex__disposed) {
      const tarnWaits = pool.pendingAcquires.length > 0;
      made.tarnsTurn = tarnWaits && !made.tarnsTurn;
      // Handed from one user to the next: the connection stays in tarn's used list.
      if (!made.tarnsTurn) {
        made.waiters.shift()!.resolve(connection);
        return Promise.resolve();
      }
    }
    const released = release(connection);
    if (made.waiters.length > 0) serveFromPool(client, made);
    return released;
  };
  return made;
}

/** Gives waiters what the pool has now: idle connections, or knex's acquire when the pool can grow again or holds a broken connection. */
function serveFromPool(client: PooledClient, queue: Queue): void {
  while (queue.waiters.length > 0) {
    const idle = takeIdleConnection(client);
    if (idle) {
      queue.waiters.shift()!.resolve(idle);
      continue;
    }
    const pool = tarnPool(client);
    if (pool && !pool.destroyed && isFull(pool)) return;
    const waiter = queue.waiters.shift()!;
    client.acquireConnection().then(waiter.resolve, waiter.reject);
  }
}

/** Times out waiters past their deadline (one timer for the queue, not one per waiter), and serves the rest if it can. */
function startSweep(client: PooledClient, queue: Queue, every: number): void {
  if (queue.sweep) return;
  queue.sweep = setInterval(() => {
    const now = Date.now();
    const late = queue.waiters.filter((w) => w.deadline <= now);
    if (late.length > 0) queue.waiters = queue.waiters.filter((w) => w.deadline > now);
    for (const waiter of late) waiter.reject(Object.assign(new Error(TIMEOUT_MESSAGE), { name: 'KnexTimeoutError' }));
    if (queue.waiters.length > 0) serveFromPool(client, queue);
    if (queue.waiters.length === 0) {
      clearInterval(queue.sweep);
      queue.sweep = undefined;
    }
  }, every);
  queue.sweep.unref();
}

/**
 * A connection of the client's pool for one statement: an idle one at once, else (every connection busy) a place
 * in the queue, else knex's acquire. Release it with the client's `releaseConnection`.
 */
export function acquirePooledConnection<C>(client: PooledClient): C | Promise<C> {
  const pool = managedPool(client);
  if (!pool) return client.acquireConnection() as Promise<C>;
  const idle = takeIdle(pool);
  if (idle) return idle as C;
  if (!pool.interval || !isFull(pool)) return client.acquireConnection() as Promise<C>;
  const queue = queueOf(client);
  return new Promise<C>((resolve, reject) => {
    queue.waiters.push({ resolve: resolve as (c: unknown) => void, reject, deadline: Date.now() + pool.acquireTimeoutMillis });
    startSweep(client, queue, Math.min(250, Math.max(10, pool.acquireTimeoutMillis / 4)));
  });
}
