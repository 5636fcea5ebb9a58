/**
 * Database contexts: `transaction(fn)` groups writes (commit, rollback, nesting as savepoints), `withContext(fn)`
 * gives scripts a context, and outside any context the active record throws NoDatabaseContext.
 * In a test, the test's own transaction is the outer context: `transaction()` runs as a savepoint inside it.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { expect } from 'chai';
import { NoDatabaseContext } from '../../errors/index.js';
import { useTestCase } from '../../testing/index.js';
import { currentEm, getOrm, setFallbackEntityManager, transaction, withContext } from '../index.js';
import { KitAuthor, KitTag } from './models.js';
import { names, rejects } from './helpers.js';

class Rollback extends Error {}

describe('transaction(fn)', () => {
  const t = useTestCase();

  it('commits the writes of fn and returns what fn returns', async () => {
    const result = await transaction(async () => {
      await KitAuthor.create({ name: 'Ann' }).save();
      await KitAuthor.create({ name: 'Bob' }).save();
      return 'done';
    });
    expect(result).to.equal('done');
    t.em.clear();
    expect(names(await KitAuthor.all())).to.deep.equal(['Ann', 'Bob']);
  });

  it('runs every model call inside on the transaction', async () => {
    await transaction(async (em) => {
      expect(currentEm()).to.equal(em);
      expect(em).to.not.equal(t.em);
      await KitAuthor.create({ name: 'Ann' }).save();
      expect(await KitAuthor.count()).to.equal(1);
    });
  });

  it('flushes changes to loaded rows at the end', async () => {
    const ann = await KitAuthor.create({ name: 'Ann' }).save();
    await transaction(async () => {
      const found = await KitAuthor.getOr404({ id: ann.id });
      found.age = 33;
    });
    t.em.clear();
    expect((await KitAuthor.getOr404({ id: ann.id })).age).to.equal(33);
  });

  it('rolls back everything inside when fn throws, and rethrows', async () => {
    await KitTag.create({ name: 'before' }).save();

    await rejects(
      () =>
        transaction(async () => {
          await KitAuthor.create({ name: 'Ann' }).save();
          await KitTag.create({ name: 'inside' }).save();
          await KitAuthor.bulkSave([KitAuthor.create({ name: 'Bob' }), KitAuthor.create({ name: 'Cid' })]);
          throw new Rollback('undo');
        }),
      Rollback,
    );

    t.em.clear();
    expect(await KitAuthor.count()).to.equal(0);
    expect(names(await KitTag.all())).to.deep.equal(['before']);
  });

  it('nested: a failing inner transaction is rolled back, the outer one keeps its work', async () => {
    await transaction(async () => {
      await KitAuthor.create({ name: 'outer' }).save();
      await rejects(
        () =>
          transaction(async () => {
            await KitAuthor.create({ name: 'inner' }).save();
            throw new Rollback('inner only');
          }),
        Rollback,
      );
      await KitAuthor.create({ name: 'outer again' }).save();
    });
    t.em.clear();
    expect(names(await KitAuthor.all())).to.deep.equal(['outer', 'outer again']);
  });

  it('nested: a failing outer transaction rolls back the inner one too', async () => {
    await rejects(
      () =>
        transaction(async () => {
          await transaction(async () => {
            await KitAuthor.create({ name: 'inner' }).save();
          });
          throw new Rollback('outer');
        }),
      Rollback,
    );
    t.em.clear();
    expect(await KitAuthor.count()).to.equal(0);
  });

  it('a failed write inside does not spoil the transaction (each write is its own savepoint)', async () => {
    await KitAuthor.create({ name: 'taken' }).save();
    await transaction(async () => {
      await rejects(() => KitAuthor.create({ name: 'taken' }).save(), UniqueConstraintViolationException);
      await KitAuthor.create({ name: 'free' }).save();
    });
    t.em.clear();
    expect(names(await KitAuthor.all())).to.deep.equal(['taken', 'free']);
  });
});

describe('database context', () => {
  const t = useTestCase();

  /** Runs `fn` with the test's fallback context removed, as code outside any request or transaction. */
  async function outsideAnyContext<T>(fn: () => Promise<T>): Promise<T> {
    setFallbackEntityManager(undefined);
    try {
      return await fn();
    } finally {
      setFallbackEntityManager(t.em);
    }
  }

  it('in a test, the active record runs on the test transaction', async () => {
    expect(currentEm()).to.equal(t.em);
    await KitAuthor.create({ name: 'Ann' }).save();
    expect(await t.em.count(KitAuthor, {})).to.equal(1);
  });

  it('outside any context, every database call throws NoDatabaseContext (500)', async () => {
    await outsideAnyContext(async () => {
      const error = await rejects(() => currentEm(), NoDatabaseContext);
      expect(error.status).to.equal(500);
      expect(error.code).to.equal('no_db_context');
      expect(error.message).to.contain('withContext');
      await rejects(() => KitAuthor.count(), NoDatabaseContext);
      await rejects(() => KitAuthor.all(), NoDatabaseContext);
      await rejects(() => KitAuthor.create({ name: 'Ann' }).save(), NoDatabaseContext);
    });
    // Nothing was written, and the context is back.
    expect(await KitAuthor.count()).to.equal(0);
  });

  it('never falls back to the global EntityManager', async () => {
    await outsideAnyContext(async () => {
      expect(getOrm().em.getContext(false)).to.equal(getOrm().em);
      await rejects(() => KitAuthor.em(), NoDatabaseContext);
    });
  });

  it('withContext(fn) gives fn one context of its own and returns what fn returns', async () => {
    await outsideAnyContext(async () => {
      const [first, again] = await withContext(async () => [currentEm(), currentEm()]);
      const other = await withContext(async () => currentEm());
      expect(first).to.equal(again);
      expect(first).to.not.equal(other);
      expect(first).to.not.equal(getOrm().em);
      expect(first).to.not.equal(t.em);
      expect(await withContext(async () => 42)).to.equal(42);
    });
  });
});
