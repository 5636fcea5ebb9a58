/**
 * Taking an idle pooled connection directly (core/db/pooled-connection.ts): it is tarn's own bookkeeping (free
 * list to used list), so releasing it through knex puts it back and the pool's counts add up; a busy pool, or a
 * connection knex marked broken, is left to the ordinary acquire.
 */
import { expect } from 'chai';
import { getOrm } from '../index.js';
import { takeIdleConnection, type PooledClient } from '../pooled-connection.js';

interface KnexClient extends PooledClient {
  acquireConnection(): Promise<object>;
  releaseConnection(connection: object): Promise<unknown>;
  pool: { numFree(): number; numUsed(): number; free: Array<{ resource: Record<string, unknown> }>; pendingAcquires: unknown[] };
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
    expect(takeIdleConnection({ pool: undefined })).to.equal(undefined);
  });
});
