/**
 * The active record of BaseTable: every static and instance method, as a user of the kit calls it.
 * Each test runs in a transaction rolled back afterwards, so every test starts from empty kit tables.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { expect } from 'chai';
import { InvalidLookup, NotFound, UnknownField } from '../../errors/index.js';
import { useTestCase } from '../../testing/index.js';
import { KitAuthor, KitBook, KitPublisher, KitTag } from './models.js';
import { authorsNamed, names, publisherWithBooks, rejects, titles } from './helpers.js';

describe('BaseTable: reading', () => {
  useTestCase(); // fresh state per test; these tests use the models only

  describe('all', () => {
    it('returns the first 100 rows ordered by id when no options are given', async () => {
      const saved = await KitAuthor.bulkSave(Array.from({ length: 105 }, (_, i) => KitAuthor.create({ name: `author ${i}` })));
      const ids = saved.map((author) => author.id).sort((a, b) => a - b);

      const rows = await KitAuthor.all();

      expect(rows).to.have.length(100);
      expect(rows.map((author) => author.id)).to.deep.equal(ids.slice(0, 100));
    });

    it('takes an offset, a limit (null for no limit) and an order', async () => {
      await KitTag.bulkSave(Array.from({ length: 105 }, (_, i) => KitTag.create({ name: `tag ${String(i).padStart(3, '0')}` })));

      expect(await KitTag.all({ limit: null })).to.have.length(105);
      expect(names(await KitTag.all({ offset: 100 }))).to.deep.equal(['tag 100', 'tag 101', 'tag 102', 'tag 103', 'tag 104']);
      expect(names(await KitTag.all({ orderBy: '-name', limit: 2 }))).to.deep.equal(['tag 104', 'tag 103']);
      expect(await KitTag.all({ limit: 0 })).to.deep.equal([]);
    });

    it('rejects an offset or a limit that is not a whole number ≥ 0', async () => {
      await rejects(() => KitTag.all({ offset: -1 }), InvalidLookup);
      await rejects(() => KitTag.all({ offset: 1.5 }), InvalidLookup);
      await rejects(() => KitTag.all({ limit: -5 }), InvalidLookup);
    });
  });

  describe('get', () => {
    it('returns the row matching the lookups', async () => {
      const [, bob] = await authorsNamed('Ann', 'Bob');
      const found = await KitAuthor.get({ name: 'Bob' });
      expect(found).to.equal(bob);
      expect(await KitAuthor.get({ id: bob!.id })).to.equal(bob);
    });

    it('returns null when no row matches', async () => {
      await authorsNamed('Ann');
      expect(await KitAuthor.get({ name: 'Nobody' })).to.equal(null);
    });

    it('returns the row with the lowest id when several match', async () => {
      const [first] = await authorsNamed('Ann', 'Anna', 'Annie');
      expect(await KitAuthor.get({ name__startswith: 'Ann' })).to.equal(first);
    });
  });

  describe('getOr404', () => {
    it('returns the row matching the lookups', async () => {
      const [ann] = await authorsNamed('Ann');
      expect(await KitAuthor.getOr404({ name: 'Ann' })).to.equal(ann);
    });

    it('throws NotFound (404, "<Model> not found.") when no row matches', async () => {
      const error = await rejects(() => KitAuthor.getOr404({ name: 'Nobody' }), NotFound);
      expect(error.status).to.equal(404);
      expect(error.code).to.equal('not_found');
      expect(error.message).to.equal('KitAuthor not found.');
      expect(error.detail).to.equal('KitAuthor not found.');
    });

    it('takes a custom message', async () => {
      const error = await rejects(() => KitBook.getOr404({ title: 'Missing' }, 'No such book.'), NotFound);
      expect(error.detail).to.equal('No such book.');
    });
  });

  describe('first', () => {
    it('returns the row with the lowest id, or null on an empty table', async () => {
      expect(await KitAuthor.first()).to.equal(null);
      const [ann] = await authorsNamed('Ann', 'Bob');
      expect(await KitAuthor.first()).to.equal(ann);
    });

    it('takes lookups', async () => {
      const [, bob] = await authorsNamed('Ann', 'Bob', 'Bobby');
      expect(await KitAuthor.first({ name__startswith: 'Bob' })).to.equal(bob);
      expect(await KitAuthor.first({ name: 'Zed' })).to.equal(null);
    });
  });

  describe('filter', () => {
    it('returns the rows matching every lookup (AND), ordered by id', async () => {
      await KitAuthor.create({ name: 'Ann', age: 30 }).save();
      await KitAuthor.create({ name: 'Anna', age: 40 }).save();
      await KitAuthor.create({ name: 'Bob', age: 40 }).save();
      await KitAuthor.create({ name: 'Annie', age: 50 }).save();

      expect(names(await KitAuthor.filter({ name__startswith: 'Ann', age__gte: 40 }))).to.deep.equal(['Anna', 'Annie']);
      expect(names(await KitAuthor.filter())).to.deep.equal(['Ann', 'Anna', 'Bob', 'Annie']);
    });

    it('orders by "-field" descending', async () => {
      await authorsNamed('b', 'c', 'a');
      expect(names(await KitAuthor.filter({}, { orderBy: '-name' }))).to.deep.equal(['c', 'b', 'a']);
      expect(names(await KitAuthor.filter({}, { orderBy: 'name' }))).to.deep.equal(['a', 'b', 'c']);
    });

    it('orders by several fields given as a list', async () => {
      await KitAuthor.create({ name: 'x1', rating: 1 }).save();
      await KitAuthor.create({ name: 'x2', rating: 2 }).save();
      await KitAuthor.create({ name: 'x3', rating: 1 }).save();
      expect(names(await KitAuthor.filter({}, { orderBy: ['-rating', '-name'] }))).to.deep.equal(['x2', 'x3', 'x1']);
      expect(names(await KitAuthor.filter({}, { orderBy: ['rating', 'name'] }))).to.deep.equal(['x1', 'x3', 'x2']);
    });

    it('orders by a field of a related row (author__name), wire names included (created_at)', async () => {
      const [zoe, adam] = await authorsNamed('Zoe', 'Adam');
      const publisher = await KitPublisher.create({ name: 'P' }).save();
      await KitBook.create({ title: 'by Zoe', publisher, author: zoe }).save();
      await KitBook.create({ title: 'by Adam', publisher, author: adam }).save();

      expect(titles(await KitBook.filter({}, { orderBy: 'author__name' }))).to.deep.equal(['by Adam', 'by Zoe']);
      expect(titles(await KitBook.filter({}, { orderBy: '-author__name' }))).to.deep.equal(['by Zoe', 'by Adam']);
      expect(titles(await KitBook.filter({}, { orderBy: '-created_at' }))).to.have.members(['by Adam', 'by Zoe']);
    });

    it('takes offset and limit', async () => {
      await authorsNamed('a', 'b', 'c', 'd');
      expect(names(await KitAuthor.filter({}, { offset: 1, limit: 2 }))).to.deep.equal(['b', 'c']);
    });

    it('rejects an order on an unknown field', async () => {
      const error = await rejects(() => KitAuthor.filter({}, { orderBy: ['name', '-nope' as '-name'] }), InvalidLookup);
      expect(error.message).to.contain("Model KitAuthor does not have any field named 'nope'");
    });
  });

  describe('count', () => {
    it('counts every row, or the rows matching the lookups', async () => {
      expect(await KitAuthor.count()).to.equal(0);
      await authorsNamed('Ann', 'Anna', 'Bob');
      expect(await KitAuthor.count()).to.equal(3);
      expect(await KitAuthor.count({ name__startswith: 'Ann' })).to.equal(2);
      expect(await KitAuthor.count({ name: 'Zed' })).to.equal(0);
    });
  });

  describe('exists', () => {
    it('(static) tells whether a row matches the lookups', async () => {
      expect(await KitAuthor.exists()).to.equal(false);
      await authorsNamed('Ann');
      expect(await KitAuthor.exists()).to.equal(true);
      expect(await KitAuthor.exists({ name: 'Ann' })).to.equal(true);
      expect(await KitAuthor.exists({ name: 'Bob' })).to.equal(false);
    });

    it('(instance) is false before the first save, true once saved, false after delete', async () => {
      const ann = KitAuthor.create({ name: 'Ann' });
      expect(await ann.exists()).to.equal(false);
      await ann.save();
      expect(await ann.exists()).to.equal(true);
      await ann.delete();
      expect(await ann.exists()).to.equal(false);
    });
  });

  describe('values', () => {
    it('returns only the fields asked for, keyed by the names given (wire or property names)', async () => {
      const publisher = await KitPublisher.create({ name: 'P' }).save();
      const ann = await KitAuthor.create({ name: 'Ann', bornAt: new Date('1990-05-01T00:00:00Z') }).save();
      const book = await KitBook.create({ title: 'T', publisher, author: ann }).save();

      expect(await KitAuthor.values(['name', 'born_at', 'bornAt'])).to.deep.equal([
        { name: 'Ann', born_at: '1990-05-01T00:00:00.000Z', bornAt: '1990-05-01T00:00:00.000Z' },
      ]);
      // A relation is its id, under the wire name (author_id) or the property name (author).
      expect(await KitBook.values(['id', 'author_id', 'author', 'publisher_id'])).to.deep.equal([
        { id: book.id, author_id: ann.id, author: ann.id, publisher_id: publisher.id },
      ]);
    });

    it('takes lookups and query options', async () => {
      await authorsNamed('Ann', 'Anna', 'Bob');
      expect(await KitAuthor.values(['name'], { name__startswith: 'Ann' }, { orderBy: '-name' })).to.deep.equal([{ name: 'Anna' }, { name: 'Ann' }]);
    });

    it('rejects an unknown field', async () => {
      await authorsNamed('Ann');
      const error = await rejects(() => KitAuthor.values(['name', 'nope']), InvalidLookup);
      expect(error.message).to.contain("Model KitAuthor does not have any field named 'nope'");
    });
  });

  describe('paginate', () => {
    it('returns { items, total, page, size, pages } for the page asked', async () => {
      const authors = await authorsNamed('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7');
      const page = await KitAuthor.paginate({ page: 2, size: 3 });
      expect(page).to.deep.equal({ items: authors.slice(3, 6), total: 7, page: 2, size: 3, pages: 3 });
      expect(names((await KitAuthor.paginate({ page: 3, size: 3 })).items)).to.deep.equal(['a7']);
    });

    it('defaults to page 1 of 50', async () => {
      await KitTag.bulkSave(Array.from({ length: 51 }, (_, i) => KitTag.create({ name: `t${i}` })));
      const page = await KitTag.paginate();
      expect(page.items).to.have.length(50);
      expect({ ...page, items: undefined }).to.deep.equal({ items: undefined, total: 51, page: 1, size: 50, pages: 2 });
    });

    it('returns no items past the last page and 0 pages for no rows', async () => {
      expect(await KitAuthor.paginate({ page: 1, size: 10 })).to.deep.equal({ items: [], total: 0, page: 1, size: 10, pages: 0 });
      await authorsNamed('a');
      expect(await KitAuthor.paginate({ page: 5, size: 10 })).to.deep.equal({ items: [], total: 1, page: 5, size: 10, pages: 1 });
    });

    it('takes lookups and an order', async () => {
      await authorsNamed('Ann', 'Bob', 'Anna', 'Annie');
      const page = await KitAuthor.paginate({ page: 1, size: 2 }, { name__startswith: 'Ann' }, { orderBy: '-name' });
      expect(names(page.items)).to.deep.equal(['Annie', 'Anna']);
      expect(page.total).to.equal(3);
      expect(page.pages).to.equal(2);
    });

    it('accepts sizes from 1 to 100 and pages from 1; anything else is InvalidLookup', async () => {
      await authorsNamed('a');
      expect((await KitAuthor.paginate({ size: 1 })).size).to.equal(1);
      expect((await KitAuthor.paginate({ size: 100 })).size).to.equal(100);
      for (const params of [{ size: 0 }, { size: 101 }, { size: 2.5 }, { page: 0 }, { page: -1 }, { page: 1.5 }]) {
        await rejects(() => KitAuthor.paginate(params), InvalidLookup);
      }
    });
  });
});

describe('BaseTable: writing', () => {
  const t = useTestCase();

  describe('create', () => {
    it('builds an unsaved row from wire keys (author_id, born_at as an ISO string)', async () => {
      const publisher = await KitPublisher.create({ name: 'P' }).save();
      const ann = await KitAuthor.create({ name: 'Ann' }).save();

      const book = KitBook.create({ title: 'T', publisher_id: publisher.id, author_id: ann.id });
      const bob = KitAuthor.create({ name: 'Bob', born_at: '1941-05-24T10:00:00.000Z' });

      expect(book.id).to.equal(undefined);
      expect(book.author!.id).to.equal(ann.id);
      expect(book.publisher.id).to.equal(publisher.id);
      expect(bob.bornAt).to.be.instanceOf(Date);
      expect(bob.bornAt!.toISOString()).to.equal('1941-05-24T10:00:00.000Z');
      expect(await KitBook.count()).to.equal(0);
    });

    it('builds a row from property keys (entities, Date)', async () => {
      const publisher = await KitPublisher.create({ name: 'P' }).save();
      const born = new Date('1941-05-24T10:00:00Z');
      const bob = KitAuthor.create({ name: 'Bob', bornAt: born, secretNote: 'shy' });
      const book = KitBook.create({ title: 'T', publisher, author: bob });

      expect(bob.bornAt).to.equal(born);
      expect(bob.secretNote).to.equal('shy');
      expect(book.author).to.equal(bob);
      expect(book.publisher).to.equal(publisher);
    });

    it('applies the defaults of the fields not given', () => {
      const ann = KitAuthor.create({ name: 'Ann' });
      expect(ann).to.include({ name: 'Ann', email: null, age: null, rating: 0, active: true, bornAt: null, status: 'draft', secretNote: null });
      expect(ann.tags).to.deep.equal([]);
      const book = KitBook.create({ title: 'T' });
      expect(book.summary).to.equal(null);
      expect(book.author).to.equal(null);
    });

    it('gives each row its own copy of a default list', () => {
      const ann = KitAuthor.create({ name: 'Ann' });
      const bob = KitAuthor.create({ name: 'Bob' });
      ann.tags.push('poet');
      expect(bob.tags).to.deep.equal([]);
      expect(KitAuthor.create({ name: 'Cid' }).tags).to.deep.equal([]);
    });

    it('keeps values given over defaults, null included', () => {
      const ann = KitAuthor.create({ name: 'Ann', rating: 4.5, active: false, status: 'published', tags: ['sf'], email: 'ann@example.com' });
      expect(ann).to.include({ rating: 4.5, active: false, status: 'published', email: 'ann@example.com' });
      expect(ann.tags).to.deep.equal(['sf']);
    });

    it('throws UnknownField (400) for a key the model does not have', async () => {
      const error = await rejects(() => KitAuthor.create({ name: 'Ann', nickname: 'A' } as Parameters<typeof KitAuthor.create>[0]), UnknownField);
      expect(error.status).to.equal(400);
      expect(error.message).to.contain("KitAuthor has no field 'nickname'");
      expect(await KitAuthor.count()).to.equal(0);
    });
  });

  describe('assign', () => {
    it('copies only the keys given (wire or property names) and returns the same row, unsaved', async () => {
      const ann = await KitAuthor.create({ name: 'Ann', age: 30, email: 'ann@example.com' }).save();

      const same = ann.assign({ age: 31, born_at: '1990-01-01T00:00:00.000Z' }).assign({ secretNote: 'hush' });

      expect(same).to.equal(ann);
      expect(ann).to.include({ name: 'Ann', age: 31, email: 'ann@example.com', secretNote: 'hush' });
      expect(ann.bornAt!.toISOString()).to.equal('1990-01-01T00:00:00.000Z');
      await ann.refresh();
      expect(ann.age).to.equal(30);
    });

    it('sets and clears a relation by id or by entity', async () => {
      const publisher = await KitPublisher.create({ name: 'P' }).save();
      const [ann, bob] = await authorsNamed('Ann', 'Bob');
      const book = await KitBook.create({ title: 'T', publisher, author: ann }).save();

      await book.assign({ author_id: bob.id }).save();
      expect((await KitBook.getOr404({ id: book.id })).author!.id).to.equal(bob.id);
      await book.assign({ author: ann }).save();
      expect(await KitBook.count({ author: ann })).to.equal(1);
      await book.assign({ author_id: null }).save();
      expect(await KitBook.count({ author__isnull: true })).to.equal(1);
    });

    it('ignores keys whose value is undefined', async () => {
      const ann = KitAuthor.create({ name: 'Ann', age: 30 });
      ann.assign({ age: undefined, name: 'Anne' });
      expect(ann).to.include({ name: 'Anne', age: 30 });
    });

    it('throws UnknownField for a key the model does not have', async () => {
      const ann = KitAuthor.create({ name: 'Ann' });
      await rejects(() => ann.assign({ nickname: 'A' } as Parameters<typeof ann.assign>[0]), UnknownField);
    });
  });

  describe('save', () => {
    it('inserts a new row: id and created_at set, updated_at null; returns the same instance', async () => {
      const before = Date.now();
      const ann = KitAuthor.create({ name: 'Ann' });

      const saved = await ann.save();

      expect(saved).to.equal(ann);
      expect(ann.id).to.be.a('number');
      expect(ann.createdAt).to.be.instanceOf(Date);
      expect(ann.createdAt.getTime()).to.be.within(before - 1000, Date.now() + 1000);
      expect(ann.updatedAt).to.equal(null);
      t.em.clear();
      const stored = await KitAuthor.getOr404({ id: ann.id });
      expect(stored).to.not.equal(ann);
      expect(stored).to.include({ name: 'Ann', rating: 0, status: 'draft', updatedAt: null });
      expect(stored.createdAt.toISOString()).to.equal(ann.createdAt.toISOString());
    });

    it('updates the row on a later save: updated_at set, created_at kept, no new row', async () => {
      const ann = await KitAuthor.create({ name: 'Ann' }).save();
      const createdAt = ann.createdAt.toISOString();

      ann.age = 42;
      await ann.save();

      expect(ann.updatedAt).to.be.instanceOf(Date);
      expect(ann.updatedAt!.getTime()).to.be.at.least(ann.createdAt.getTime());
      expect(ann.createdAt.toISOString()).to.equal(createdAt);
      expect(await KitAuthor.count()).to.equal(1);
      t.em.clear();
      const stored = await KitAuthor.getOr404({ id: ann.id });
      expect(stored.age).to.equal(42);
      expect(stored.updatedAt!.toISOString()).to.equal(ann.updatedAt!.toISOString());
    });

    it('throws on a unique violation and leaves the context usable', async () => {
      await KitAuthor.create({ name: 'Ann' }).save();
      await rejects(() => KitAuthor.create({ name: 'Ann' }).save(), UniqueConstraintViolationException);
      await KitAuthor.create({ name: 'Bob' }).save();
      expect(names(await KitAuthor.all())).to.deep.equal(['Ann', 'Bob']);
    });
  });

  describe('refresh', () => {
    it('reloads the row from the database, dropping unsaved changes', async () => {
      const ann = await KitAuthor.create({ name: 'Ann', age: 30 }).save();
      await t.em.nativeUpdate(KitAuthor, { id: ann.id }, { age: 31 });
      ann.name = 'changed, not saved';

      const same = await ann.refresh();

      expect(same).to.equal(ann);
      expect(ann).to.include({ name: 'Ann', age: 31 });
    });

    it('throws NotFound when the row was deleted', async () => {
      const ann = await KitAuthor.create({ name: 'Ann' }).save();
      await t.em.nativeDelete(KitAuthor, { id: ann.id });
      const error = await rejects(() => ann.refresh(), NotFound);
      expect(error.message).to.equal('KitAuthor not found.');
    });
  });

  describe('delete', () => {
    it('deletes the row', async () => {
      const [ann, bob] = await authorsNamed('Ann', 'Bob');
      await ann.delete();
      expect(await KitAuthor.get({ id: ann.id })).to.equal(null);
      expect(await KitAuthor.all()).to.deep.equal([bob]);
    });
  });

  describe('truncate', () => {
    it('deletes every row of the table and returns how many', async () => {
      await authorsNamed('Ann', 'Bob', 'Cid');
      await publisherWithBooks('P', ['T']);
      expect(await KitAuthor.truncate()).to.equal(3);
      expect(await KitAuthor.count()).to.equal(0);
      expect(await KitAuthor.truncate()).to.equal(0);
      expect(await KitBook.count()).to.equal(1);
    });
  });
});
