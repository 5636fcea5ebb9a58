/**
 * Connections for the compiled statements (core/db/pooled-connection.ts). An idle one is taken with tarn's own
 * bookkeeping (free list to used list), so releasing it through knex puts it back and the pool's counts add up; a
 * busy pool, or a connection knex marked broken, is left to the ordinary acquire. When every connection is busy a
 * statement waits in line: a released connection goes to the first waiter, the wait times out with knex's message
 * (an outage: 503), a broken connection is replaced through knex, and tarn's own waiters get their turn.
 */
import { expect } from 'chai';
import { getOrm, isDatabaseOutage } from '../index.js';
import { isEmbeddedDriver } from '../embedded-driver.js';
import { acquirePooledConnection, takeIdleConnection, type PooledClient } from '../pooled-connection.js';

interface KnexClient extends PooledClient {
  acquireConnection(): Promise<object>;
  releaseConnection(connection: object): Promise<unknown>;
  pool: { numFree(): number; numUsed(): number; free: Array<{ resource: Record<string, unknown> }>; pendingAcquires: unknown[]; max: number; acquireTimeoutMillis: number };
}

describe('idle pooled connections', () => {
  const client = () => (getOrm().em.getConnection() as unknown as { getKnex(): { client: unknown } }).getKnex().client as KnexClient;

  /** Leaves one connection idle in the pool, as after any finished query. */
  async function idlePool(): Promise<KnexClient> {
    const knex = client();
    await knex.releaseConnection(await knex.acquireConnection());
    return knex;
  }

  it('hands out an idle connection as tarn would, and knex takes it back', async () => {
    const knex = await idlePool();
    const [free, used] = [knex.pool.numFree(), knex.pool.numUsed()];
    const expected = knex.pool.free[knex.pool.free.length - 1]!.resource;
    const connection = takeIdleConnection<object>(knex);
    expect(connection).to.equal(expected);
    expect([knex.pool.numFree(), knex.pool.numUsed()]).to.deep.equal([free - 1, used + 1]);
    await knex.releaseConnection(connection!);
    expect([knex.pool.numFree(), knex.pool.numUsed()]).to.deep.equal([free, used]);
    // The connection still works through the ordinary path.
    const again = await knex.acquireConnection();
    await knex.releaseConnection(again);
  });

  it('leaves a busy pool (someone waiting) and a connection knex marked broken to the ordinary acquire', async () => {
    const knex = await idlePool();
    knex.pool.pendingAcquires.push({});
    try {
      expect(takeIdleConnection(knex)).to.equal(undefined);
    } finally {
      knex.pool.pendingAcquires.pop();
    }
    const last = knex.pool.free[knex.pool.free.length - 1]!.resource;
    last.__knex__disposed = 'Connection ended unexpectedly';
    try {
      expect(takeIdleConnection(knex)).to.equal(undefined);
    } finally {
      delete last.__knex__disposed;
    }
    expect(takeIdleConnection({ ...client(), pool: undefined } as PooledClient)).to.equal(undefined);
  });

  describe('when every connection is busy', () => {
    let held: object[] = [];
    /** Takes every connection of the pool (as requests holding them would). */
    async function fillPool(): Promise<KnexClient> {
      const knex = await idlePool();
      while (knex.pool.numUsed() < knex.pool.max) held.push(await knex.acquireConnection());
      return knex;
    }
    afterEach(async () => {
      const knex = client();
      for (const connection of held) await knex.releaseConnection(connection);
      held = [];
    });

    it('queues the statement and hands it the next released connection, which stays in use', async () => {
      const knex = await fillPool();
      const waiting = acquirePooledConnection<object>(knex);
      expect(waiting).to.be.instanceOf(Promise);
      expect(knex.pool.pendingAcquires, "waiting in this module's queue, not tarn's").to.have.length(0);
      const released = held.pop()!;
      await knex.releaseConnection(released);
      const got = await waiting;
      expect(got).to.equal(released);
      expect([knex.pool.numUsed(), knex.pool.numFree()]).to.deep.equal([knex.pool.max, 0]);
      held.push(got);
    });

    it('times out as knex does, with an error the outage handling knows', async () => {
      const knex = await fillPool();
      const timeout = knex.pool.acquireTimeoutMillis;
      knex.pool.acquireTimeoutMillis = 40;
      let error: unknown;
      try {
        await acquirePooledConnection(knex);
      } catch (caught) {
        error = caught;
      } finally {
        knex.pool.acquireTimeoutMillis = timeout;
      }
      expect((error as Error).message).to.match(/Timeout acquiring a connection/);
      expect(isDatabaseOutage(error)).to.equal(true);
    });

    it('replaces a broken connection through knex instead of handing it on', async function () {
      // knex marks a pg connection broken on its error or end; PGlite's one connection is never marked, nor replaced.
      if (isEmbeddedDriver(getOrm().em.getDriver())) this.skip();
      const knex = await fillPool();
      const waiting = acquirePooledConnection<object>(knex);
      const broken = held.pop()! as Record<string, unknown>;
      broken.__knex__disposed = 'Connection ended unexpectedly';
      await knex.releaseConnection(broken);
      const got = await waiting;
      expect(got).to.not.equal(broken);
      held.push(got);
    });

    it("alternates released connections between its waiters and tarn's", async () => {
      const knex = await fillPool();
      const order: string[] = [];
      const track = (pending: object | Promise<object>, name: string) => Promise.resolve(pending).then((connection) => (order.push(name), connection));
      const ours = track(acquirePooledConnection<object>(knex), 'ours');
      const tarns = track(knex.acquireConnection(), 'tarn');
      await knex.releaseConnection(held.pop()!);
      const first = await Promise.race([ours, tarns]);
      await knex.releaseConnection(first);
      held.push(await (order[0] === 'ours' ? tarns : ours));
      expect([...order].sort()).to.deep.equal(['ours', 'tarn']);
    });
  });
});
