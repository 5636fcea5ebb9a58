import { expect } from 'chai';
import { getOrm, transaction, withContext } from '../index.js';
import { NoDatabaseContext } from '../../errors/index.js';
import { setFallbackEntityManager } from '../context.js';
import { useTestCase } from '../../testing/index.js';
import { KitAuthor } from './models.js';

describe('test isolation by rollback', () => {
  const t = useTestCase({ resetSequences: true });
  // The two tests below run in this order: the second must not see the first's row.
  it('a test writes a row', async () => {
    const author = await KitAuthor.create({ name: 'only here' }).save();
    expect(author.id).to.equal(1);
    expect(await KitAuthor.count()).to.equal(1);
  });
  it('the next test does not see it, and ids restart with resetSequences', async () => {
    expect(await KitAuthor.count()).to.equal(0);
    expect((await KitAuthor.create({ name: 'again' }).save()).id).to.equal(1);
  });
  it('nothing leaks outside the test transaction', async () => {
    await KitAuthor.create({ name: 'invisible' }).save();
    if (getOrm().config.get('clientUrl')?.startsWith('postgres')) {
      // Real PostgreSQL: another connection cannot see the uncommitted row.
      const outside = getOrm().em.fork();
      expect(await outside.count(KitAuthor, { name: 'invisible' })).to.equal(0);
    }
    expect(await KitAuthor.count({ name: 'invisible' })).to.equal(1);
  });
  it('counts queries, without transaction control by default', async () => {
    await t.assertNumQueries(1, () => KitAuthor.create({ name: 'counted' }).save());
    const { queries } = await t.captureQueries(() => KitAuthor.create({ name: 'tx' }).save(), { includeTxControl: true });
    expect(queries.some((q) => /savepoint/i.test(q))).to.equal(true);
    let failure: unknown;
    try { await t.assertNumQueries(2, () => KitAuthor.count()); } catch (e) { failure = e; }
    expect((failure as Error).message).to.match(/Expected 2 queries, ran 1:\n {2}1\. select count/);
  });
});

describe('database context', () => {
  useTestCase();
  it('refuses active-record calls outside any context', async () => {
    const em = KitAuthor.em();
    setFallbackEntityManager(undefined);
    try {
      let error: unknown;
      try { await KitAuthor.count(); } catch (e) { error = e; }
      expect(error).to.be.instanceOf(NoDatabaseContext);
      expect((error as Error).message).to.match(/transaction\(async \(\) => …\)/);
    } finally {
      setFallbackEntityManager(em as never);
    }
  });
  it('withContext gives one identity map to the whole callback', async () => {
    const author = await KitAuthor.create({ name: 'same' }).save();
    await withContext(async () => {
      const a = await KitAuthor.getOr404({ id: author.id });
      const b = await KitAuthor.getOr404({ id: author.id });
      expect(a).to.equal(b);
    });
  });
  it('transaction joins the surrounding transaction as a savepoint', async () => {
    await transaction(async () => {
      await KitAuthor.create({ name: 'outer' }).save();
      try {
        await transaction(async () => {
          await KitAuthor.create({ name: 'inner' }).save();
          throw new Error('inner fails');
        });
      } catch { /* expected */ }
    });
    expect(await KitAuthor.count({ name__in: ['outer', 'inner'] })).to.equal(1);
  });
});
