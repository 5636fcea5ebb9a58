import { expect } from 'chai';
import { OptimisticLockError } from '@mikro-orm/core';
import { withContext } from '../index.js';
import { StaleObject } from '../../errors/index.js';
import { toClientError } from '../../http/index.js';
import { useTestCase } from '../../testing/index.js';
import { Account } from './models.js';

/** Reads the account in its own context, adds `amount` after a pause (so reads interleave), saves; retries when stale. */
async function deposit(id: number, amount: number, retry: boolean): Promise<'saved' | 'stale'> {
  for (;;) {
    const outcome = await withContext(async () => {
      const account = (await Account.get({ id }))!;
      await new Promise((resolve) => setImmediate(resolve));
      account.balance += amount;
      try {
        await account.save();
        return 'saved' as const;
      } catch (error) {
        if (error instanceof OptimisticLockError) return 'stale' as const;
        throw error;
      }
    });
    if (outcome === 'saved' || !retry) return outcome;
  }
}

describe('optimistic locking: a version column (@Field(…, { version: true }))', () => {
  useTestCase();

  it('is read, never written, by the derived schemas, and starts at 1', async () => {
    expect(Object.keys(Account.createSchema().shape)).to.not.include('version');
    expect(Object.keys(Account.updateSchema().shape)).to.not.include('version');
    expect(Object.keys(Account.readSchema().shape)).to.include('version');
    const account = await Account.create({ name: 'a' }).save();
    expect(account.toJSON()).to.include({ version: 1, balance: 0 });
    account.balance = 5;
    await account.save();
    expect(account.version).to.equal(2);
  });

  it('refuses a stale save: 409 with a clear message instead of a lost update', async () => {
    const { id } = await Account.create({ name: 'b' }).save();
    const results = await Promise.all([deposit(id, 10, false), deposit(id, 10, false)]);
    expect(results.sort()).to.deep.equal(['saved', 'stale']);
    expect((await withContext(() => Account.get({ id })))!.balance).to.equal(10);

    const error = await withContext(async () => {
      const first = (await Account.get({ id }))!;
      const stale = await withContext(async () => (await Account.get({ id }))!);
      first.balance = 1;
      await first.save();
      stale.balance = 2;
      return withContext(async () => stale.save().then(() => undefined, (e: unknown) => e));
    });
    const client = toClientError(error);
    expect(client).to.be.instanceOf(StaleObject);
    expect(client!.status).to.equal(409);
    expect(client!.detail).to.equal('Conflict: Account was changed by another request since it was read; read it again and retry.');
  });

  it('loses no update of 10 concurrent read-modify-writes that retry when stale', async () => {
    const { id } = await Account.create({ name: 'c' }).save();
    await Promise.all(Array.from({ length: 10 }, () => deposit(id, 1, true)));
    const account = (await withContext(() => Account.get({ id })))!;
    expect(account.balance).to.equal(10);
    expect(account.version).to.equal(11);
  });
});
