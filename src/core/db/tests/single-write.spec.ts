/**
 * Outside a transaction, a write that is one statement (one row, no signal receivers for it) runs alone, with
 * no BEGIN/COMMIT: the statement is atomic by itself. Anything more keeps its transaction. These tests run
 * outside the per-test transaction (their writes commit), so each cleans up after itself.
 */
import { expect } from 'chai';
import { captureQueries } from '../../testing/index.js';
import { signals, transaction, withContext } from '../index.js';
import { KitAuthor, KitBook, KitPublisher, KitTag } from './models.js';
import { rejects } from './helpers.js';
import { UniqueConstraintViolationException } from '@mikro-orm/core';

/** Every statement `fn` sends, transaction control included, lower-cased up to the first space after the verb. */
async function statements(fn: () => Promise<unknown>): Promise<string[]> {
  const { queries } = await captureQueries(fn, { includeTxControl: true });
  return queries.map((sql) => sql.trim().split(/\s+/)[0]!.toLowerCase());
}

describe('single-statement writes outside a transaction', () => {
  afterEach(() =>
    withContext(async () => {
      await KitBook.truncate();
      await KitPublisher.truncate();
      await KitAuthor.truncate();
      await KitTag.truncate();
    }),
  );

  it('a new row is one insert … returning, with no begin or commit, and it is stored', async () => {
    let sent: string[] = [];
    const id = await withContext(async () => {
      const author = KitAuthor.create({ name: 'Ann' });
      sent = await statements(() => author.save());
      return author.id;
    });
    expect(sent).to.deep.equal(['insert']);
    const { queries } = await captureQueries(() => withContext(() => KitAuthor.create({ name: 'Bob' }).save()), { includeTxControl: true });
    expect(queries[0]).to.match(/returning/i);
    expect(await withContext(async () => (await KitAuthor.getOr404({ id })).name)).to.equal('Ann');
  });

  it('a change to a loaded row is one update, and a delete is one delete', async () => {
    const id = await withContext(async () => (await KitAuthor.create({ name: 'Ann' }).save()).id);
    await withContext(async () => {
      const author = await KitAuthor.getOr404({ id });
      expect(await statements(() => author.assign({ age: 40 }).save())).to.deep.equal(['update']);
      expect(await statements(() => author.delete())).to.deep.equal(['delete']);
    });
    expect(await withContext(() => KitAuthor.count({ id }))).to.equal(0);
  });

  it('saving a row that did not change sends nothing at all', async () => {
    const id = await withContext(async () => (await KitAuthor.create({ name: 'Ann' }).save()).id);
    const sent = await withContext(async () => {
      const ann = await KitAuthor.getOr404({ id });
      return statements(() => ann.assign({ name: 'Ann' }).save());
    });
    expect(sent).to.deep.equal([]);
  });

  it('a save that also writes another pending change keeps its transaction', async () => {
    const id = await withContext(async () => (await KitAuthor.create({ name: 'Ann' }).save()).id);
    const sent = await withContext(async () => {
      const ann = await KitAuthor.getOr404({ id });
      ann.age = 41;
      return statements(() => KitTag.create({ name: 'new' }).save());
    });
    expect(sent).to.deep.equal(['begin', 'insert', 'update', 'commit']);
    expect(await withContext(async () => (await KitAuthor.getOr404({ id })).age)).to.equal(41);
  });

  it('a failed single insert stores nothing, leaves nothing queued, and the row can be saved once fixed', async () => {
    await withContext(() => KitAuthor.create({ name: 'Taken' }).save());
    await withContext(async () => {
      const duplicate = KitAuthor.create({ name: 'Taken' });
      await rejects(() => duplicate.save(), UniqueConstraintViolationException);
      // The next write of the context writes its own row only: the failed one is not tried again.
      expect(await statements(() => KitTag.create({ name: 'next' }).save())).to.deep.equal(['insert']);
      duplicate.name = 'Free';
      await duplicate.save();
      expect(duplicate.id).to.be.a('number');
    });
    expect(await withContext(() => KitAuthor.count())).to.equal(2);
  });

  it('inside transaction() a save is still a savepoint of the transaction', async () => {
    const sent = await withContext(() => statements(() => transaction(() => KitAuthor.create({ name: 'Ann' }).save())));
    expect(sent).to.deep.equal(['begin', 'savepoint', 'insert', 'release', 'commit']);
  });

  describe('a model with a signal receiver', () => {
    let off: Array<() => void> = [];
    afterEach(() => off.forEach((remove) => remove()));

    it('keeps the transaction for its after-handler, and both rows roll back when the handler’s row fails', async () => {
      off = [
        signals.afterInsert(KitAuthor, (author, { em }) => {
          em.persist(KitTag.create({ name: author.name === 'Clash' ? 'taken' : `tag of ${author.name}` }));
        }),
      ];
      await withContext(() => KitTag.create({ name: 'taken' }).save());
      const sent = await withContext(() => statements(() => KitAuthor.create({ name: 'Ann' }).save()));
      expect(sent).to.deep.equal(['begin', 'insert', 'insert', 'commit']);

      await withContext(() => rejects(() => KitAuthor.create({ name: 'Clash' }).save(), UniqueConstraintViolationException));
      expect(await withContext(() => KitAuthor.count({ name: 'Clash' }))).to.equal(0);
      expect(await withContext(() => KitTag.count())).to.equal(2);
    });

    it('keeps the transaction for a before-handler (it may persist rows)', async () => {
      off = [signals.beforeUpdate(KitAuthor, (author) => { author.name = author.name.trim(); })];
      const id = await withContext(async () => (await KitAuthor.create({ name: 'Ann' }).save()).id);
      const sent = await withContext(async () => statements(async () => (await KitAuthor.getOr404({ id })).assign({ name: ' Ann B ' }).save()));
      expect(sent).to.deep.equal(['select', 'begin', 'update', 'commit']);
    });

    it('an afterCommit receiver needs no transaction: it runs once the single statement is stored', async () => {
      const seen: string[] = [];
      off = [signals.afterCommit(KitAuthor, (author) => { seen.push(author.name); })];
      const sent = await withContext(() => statements(() => KitAuthor.create({ name: 'Ann' }).save()));
      expect(sent).to.deep.equal(['insert']);
      expect(seen).to.deep.equal(['Ann']);
    });
  });
});
