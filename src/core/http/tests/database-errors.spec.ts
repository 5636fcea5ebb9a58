import { expect } from 'chai';
import { describeDatabaseError } from '../../db/index.js';
import { toClientError } from '../index.js';
import { useTestCase } from '../../testing/index.js';
import { KitAuthor } from '../../db/tests/models.js';

describe('database errors become client errors', () => {
  useTestCase();

  async function failure(write: () => Promise<unknown>): Promise<unknown> {
    try { await write(); } catch (error) { return error; }
    throw new Error('the write did not fail');
  }

  it('a number too large for an int column is a 422, not a 500', async () => {
    const error = await failure(() => KitAuthor.create({ name: 'big', age: 3_000_000_000 }).save());
    expect(describeDatabaseError(error)?.kind).to.equal('out_of_range');
    expect(toClientError(error)?.status).to.equal(422);
  });

  it('a duplicate unique value is a 409 whose detail holds no SQL', async () => {
    await KitAuthor.create({ name: 'twin' }).save();
    const error = await failure(() => KitAuthor.create({ name: 'twin' }).save());
    const client = toClientError(error)!;
    expect(client.status).to.equal(409);
    expect(client.detail).to.equal('Conflict: Key (name)=(twin) already exists.');
  });
});
