import { expect } from 'chai';
import { signals, transaction } from '../index.js';
import { useTestCase } from '../../testing/index.js';
import { KitAuthor, KitBook, KitPublisher } from './models.js';

/** Registers handlers for one test and removes them afterwards. */
function withHandlers(register: () => Array<() => void>) {
  let off: Array<() => void> = [];
  beforeEach(() => (off = register()));
  afterEach(() => off.forEach((remove) => remove()));
}

describe('signals', () => {
  useTestCase();

  describe('a before-handler changes the entity', () => {
    withHandlers(() => [
      signals.beforeInsert(KitAuthor, (author) => { author.name = author.name.trim(); }),
      signals.beforeUpdate(KitAuthor, (author, { changed }) => { if (changed.has('age') && author.age !== null) author.age *= 2; }),
    ]);
    it('and the change is saved on insert', async () => {
      const author = await KitAuthor.create({ name: '  Ann  ' }).save();
      KitAuthor.em().clear();
      expect((await KitAuthor.getOr404({ id: author.id })).name).to.equal('Ann');
    });
    it('and on update, where it sees what changed', async () => {
      const author = await KitAuthor.create({ name: 'Bob', age: 20 }).save();
      await author.assign({ age: 21 }).save();
      KitAuthor.em().clear();
      expect((await KitAuthor.getOr404({ id: author.id })).age).to.equal(42);
      await (await KitAuthor.getOr404({ id: author.id })).assign({ name: 'Bobby' }).save();
      expect((await KitAuthor.getOr404({ id: author.id })).age).to.equal(42);
    });
  });

  describe('a throwing before-handler', () => {
    withHandlers(() => [
      signals.beforeInsert(KitAuthor, (author) => { if (author.name === 'forbidden') throw new Error('no such name'); }),
      signals.beforeDelete(KitAuthor, (author) => { if (author.name === 'keep') throw new Error('keep me'); }),
    ]);
    it('aborts the insert and reaches the caller', async () => {
      let error: unknown;
      try { await KitAuthor.create({ name: 'forbidden' }).save(); } catch (e) { error = e; }
      expect((error as Error).message).to.equal('no such name');
      expect(await KitAuthor.count({ name: 'forbidden' })).to.equal(0);
    });
    it('aborts the delete', async () => {
      const author = await KitAuthor.create({ name: 'keep' }).save();
      let error: unknown;
      try { await author.delete(); } catch (e) { error = e; }
      expect((error as Error).message).to.equal('keep me');
      expect(await KitAuthor.exists({ id: author.id })).to.equal(true);
    });
  });

  describe('an after-handler writes other rows', () => {
    withHandlers(() => [
      signals.afterInsert(KitAuthor, (author, { em }) => {
        em.persist(KitPublisher.create({ name: `house of ${author.name}` }));
      }),
    ]);
    it('in the same transaction as the write', async () => {
      const author = await KitAuthor.create({ name: 'Cy' }).save();
      expect(author.id).to.be.a('number');
      expect(await KitPublisher.count({ name: 'house of Cy' })).to.equal(1);
    });
    it('and rolls back with it', async () => {
      try {
        await transaction(async () => {
          await KitAuthor.create({ name: 'Dee' }).save();
          throw new Error('abort');
        });
      } catch { /* expected */ }
      expect(await KitPublisher.count({ name: 'house of Dee' })).to.equal(0);
      expect(await KitAuthor.count({ name: 'Dee' })).to.equal(0);
    });
  });

  describe('after-handlers see the stored row', () => {
    const seen: Array<[string, number]> = [];
    withHandlers(() => [
      signals.afterInsert(KitBook, (book) => { seen.push(['insert', book.id]); }),
      signals.afterUpdate(KitBook, (book) => { seen.push(['update', book.id]); }),
      signals.afterDelete(KitBook, (book) => { seen.push(['delete', book.id]); }),
    ]);
    beforeEach(() => (seen.length = 0));
    it('on insert, update and delete, and once per entity in bulk operations', async () => {
      const publisher = await KitPublisher.create({ name: 'P' }).save();
      const book = await KitBook.create({ title: 'one', publisher }).save();
      await book.assign({ title: 'two' }).save();
      const more = await KitBook.bulkSave([KitBook.create({ title: 'a', publisher }), KitBook.create({ title: 'b', publisher })]);
      await KitBook.bulkDelete(more);
      await book.delete();
      expect(seen.map(([event]) => event)).to.deep.equal(['insert', 'update', 'insert', 'insert', 'delete', 'delete', 'delete']);
      expect(seen[0]![1]).to.equal(book.id);
    });
    it('but not on truncate', async () => {
      const publisher = await KitPublisher.create({ name: 'P' }).save();
      await KitBook.create({ title: 'one', publisher }).save();
      seen.length = 0;
      expect(await KitBook.truncate()).to.equal(1);
      expect(seen).to.deep.equal([]);
    });
  });

  describe('afterCommit', () => {
    const committed: string[] = [];
    withHandlers(() => [signals.afterCommit(KitAuthor, (author) => { committed.push(author.name); })]);
    beforeEach(() => (committed.length = 0));
    it('runs once the outermost transaction has committed', async () => {
      await transaction(async () => {
        await KitAuthor.create({ name: 'E' }).save();
        expect(committed).to.deep.equal([]);
        await KitAuthor.create({ name: 'F' }).save();
      });
      expect(committed).to.deep.equal(['E', 'F']);
    });
    it('does not run when the transaction rolls back', async () => {
      try {
        await transaction(async () => {
          await KitAuthor.create({ name: 'G' }).save();
          throw new Error('abort');
        });
      } catch { /* expected */ }
      expect(committed).to.deep.equal([]);
    });
  });

  describe('a throwing after-handler', () => {
    withHandlers(() => [signals.afterInsert(KitAuthor, () => { throw new Error('after'); })]);
    it('rolls the write back and reaches the caller', async () => {
      let error: unknown;
      try { await KitAuthor.create({ name: 'Ann' }).save(); } catch (e) { error = e; }
      expect((error as Error).message).to.equal('after');
      expect(await KitAuthor.count({ name: 'Ann' })).to.equal(0);
    });
  });

  it('removes a handler with the function registration returned', async () => {
    let calls = 0;
    const off = signals.beforeInsert(KitAuthor, () => { calls++; });
    await KitAuthor.create({ name: 'H' }).save();
    off();
    await KitAuthor.create({ name: 'I' }).save();
    expect(calls).to.equal(1);
  });
});
