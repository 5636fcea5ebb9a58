/**
 * The active record of BaseTable: every static and instance method, as a user of the kit calls it.
 * Each test runs in a transaction rolled back afterwards, so every test starts from empty kit tables.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { expect } from 'chai';
import { InvalidLookup, NotFound, UnknownField } from '../../errors/index.js';
import { useTestCase } from '../../testing/index.js';
import { Author, Book, Publisher, Tag } from './models.js';
import { authorsNamed, names, publisherWithBooks, rejects, titles } from './helpers.js';

describe('BaseTable: reading', () => {
  useTestCase(); // fresh state per test; these tests use the models only

  describe('all', () => {
    it('returns the first 100 rows ordered by id when no options are given', async () => {
      const saved = await Author.bulkSave(Array.from({ length: 105 }, (_, i) => Author.create({ name: `author ${i}` })));
      const ids = saved.map((author) => author.id).sort((a, b) => a - b);

      const rows = await Author.all();

      expect(rows).to.have.length(100);
      expect(rows.map((author) => author.id)).to.deep.equal(ids.slice(0, 100));
    });

    it('takes an offset, a limit (null for no limit) and an order', async () => {
      await Tag.bulkSave(Array.from({ length: 105 }, (_, i) => Tag.create({ name: `tag ${String(i).padStart(3, '0')}` })));

      expect(await Tag.all({ limit: null })).to.have.length(105);
      expect(names(await Tag.all({ offset: 100 }))).to.deep.equal(['tag 100', 'tag 101', 'tag 102', 'tag 103', 'tag 104']);
      expect(names(await Tag.all({ orderBy: '-name', limit: 2 }))).to.deep.equal(['tag 104', 'tag 103']);
      expect(await Tag.all({ limit: 0 })).to.deep.equal([]);
    });

    it('rejects an offset or a limit that is not a whole number ≥ 0', async () => {
      await rejects(() => Tag.all({ offset: -1 }), InvalidLookup);
      await rejects(() => Tag.all({ offset: 1.5 }), InvalidLookup);
      await rejects(() => Tag.all({ limit: -5 }), InvalidLookup);
    });
  });

  describe('get', () => {
    it('returns the row matching the lookups', async () => {
      const [, bob] = await authorsNamed('Ann', 'Bob');
      const found = await Author.get({ name: 'Bob' });
      expect(found).to.equal(bob);
      expect(await Author.get({ id: bob!.id })).to.equal(bob);
    });

    it('returns null when no row matches', async () => {
      await authorsNamed('Ann');
      expect(await Author.get({ name: 'Nobody' })).to.equal(null);
    });

    it('returns the row with the lowest id when several match', async () => {
      const [first] = await authorsNamed('Ann', 'Anna', 'Annie');
      expect(await Author.get({ name__startswith: 'Ann' })).to.equal(first);
    });
  });

  describe('getOr404', () => {
    it('returns the row matching the lookups', async () => {
      const [ann] = await authorsNamed('Ann');
      expect(await Author.getOr404({ name: 'Ann' })).to.equal(ann);
    });

    it('throws NotFound (404, "<Model> not found.") when no row matches', async () => {
      const error = await rejects(() => Author.getOr404({ name: 'Nobody' }), NotFound);
      expect(error.status).to.equal(404);
      expect(error.code).to.equal('not_found');
      expect(error.message).to.equal('Author not found.');
      expect(error.detail).to.equal('Author not found.');
    });

    it('takes a custom message', async () => {
      const error = await rejects(() => Book.getOr404({ title: 'Missing' }, 'No such book.'), NotFound);
      expect(error.detail).to.equal('No such book.');
    });
  });

  describe('first', () => {
    it('returns the row with the lowest id, or null on an empty table', async () => {
      expect(await Author.first()).to.equal(null);
      const [ann] = await authorsNamed('Ann', 'Bob');
      expect(await Author.first()).to.equal(ann);
    });

    it('takes lookups', async () => {
      const [, bob] = await authorsNamed('Ann', 'Bob', 'Bobby');
      expect(await Author.first({ name__startswith: 'Bob' })).to.equal(bob);
      expect(await Author.first({ name: 'Zed' })).to.equal(null);
    });
  });

  describe('filter', () => {
    it('returns the rows matching every lookup (AND), ordered by id', async () => {
      await Author.create({ name: 'Ann', age: 30 }).save();
      await Author.create({ name: 'Anna', age: 40 }).save();
      await Author.create({ name: 'Bob', age: 40 }).save();
      await Author.create({ name: 'Annie', age: 50 }).save();

      expect(names(await Author.filter({ name__startswith: 'Ann', age__gte: 40 }))).to.deep.equal(['Anna', 'Annie']);
      expect(names(await Author.filter())).to.deep.equal(['Ann', 'Anna', 'Bob', 'Annie']);
    });

    it('orders by "-field" descending', async () => {
      await authorsNamed('b', 'c', 'a');
      expect(names(await Author.filter({}, { orderBy: '-name' }))).to.deep.equal(['c', 'b', 'a']);
      expect(names(await Author.filter({}, { orderBy: 'name' }))).to.deep.equal(['a', 'b', 'c']);
    });

    it('orders by several fields given as a list', async () => {
      await Author.create({ name: 'x1', rating: 1 }).save();
      await Author.create({ name: 'x2', rating: 2 }).save();
      await Author.create({ name: 'x3', rating: 1 }).save();
      expect(names(await Author.filter({}, { orderBy: ['-rating', '-name'] }))).to.deep.equal(['x2', 'x3', 'x1']);
      expect(names(await Author.filter({}, { orderBy: ['rating', 'name'] }))).to.deep.equal(['x1', 'x3', 'x2']);
    });

    it('orders by a field of a related row (author__name), wire names included (created_at)', async () => {
      const [zoe, adam] = await authorsNamed('Zoe', 'Adam');
      const publisher = await Publisher.create({ name: 'P' }).save();
      await Book.create({ title: 'by Zoe', publisher, author: zoe }).save();
      await Book.create({ title: 'by Adam', publisher, author: adam }).save();

      expect(titles(await Book.filter({}, { orderBy: 'author__name' }))).to.deep.equal(['by Adam', 'by Zoe']);
      expect(titles(await Book.filter({}, { orderBy: '-author__name' }))).to.deep.equal(['by Zoe', 'by Adam']);
      expect(titles(await Book.filter({}, { orderBy: '-created_at' }))).to.have.members(['by Adam', 'by Zoe']);
    });

    it('takes offset and limit', async () => {
      await authorsNamed('a', 'b', 'c', 'd');
      expect(names(await Author.filter({}, { offset: 1, limit: 2 }))).to.deep.equal(['b', 'c']);
    });

    it('rejects an order on an unknown field', async () => {
      const error = await rejects(() => Author.filter({}, { orderBy: ['name', '-nope' as '-name'] }), InvalidLookup);
      expect(error.message).to.contain("Model Author does not have any field named 'nope'");
    });
  });

  describe('count', () => {
    it('counts every row, or the rows matching the lookups', async () => {
      expect(await Author.count()).to.equal(0);
      await authorsNamed('Ann', 'Anna', 'Bob');
      expect(await Author.count()).to.equal(3);
      expect(await Author.count({ name__startswith: 'Ann' })).to.equal(2);
      expect(await Author.count({ name: 'Zed' })).to.equal(0);
    });
  });

  describe('exists', () => {
    it('(static) tells whether a row matches the lookups', async () => {
      expect(await Author.exists()).to.equal(false);
      await authorsNamed('Ann');
      expect(await Author.exists()).to.equal(true);
      expect(await Author.exists({ name: 'Ann' })).to.equal(true);
      expect(await Author.exists({ name: 'Bob' })).to.equal(false);
    });

    it('(instance) is false before the first save, true once saved, false after delete', async () => {
      const ann = Author.create({ name: 'Ann' });
      expect(await ann.exists()).to.equal(false);
      await ann.save();
      expect(await ann.exists()).to.equal(true);
      await ann.delete();
      expect(await ann.exists()).to.equal(false);
    });
  });

  describe('values', () => {
    it('returns only the fields asked for, keyed by the names given (wire or property names)', async () => {
      const publisher = await Publisher.create({ name: 'P' }).save();
      const ann = await Author.create({ name: 'Ann', bornAt: new Date('1990-05-01T00:00:00Z') }).save();
      const book = await Book.create({ title: 'T', publisher, author: ann }).save();

      expect(await Author.values(['name', 'born_at', 'bornAt'])).to.deep.equal([
        { name: 'Ann', born_at: '1990-05-01T00:00:00.000Z', bornAt: '1990-05-01T00:00:00.000Z' },
      ]);
      // A relation is its id, under the wire name (author_id) or the property name (author).
      expect(await Book.values(['id', 'author_id', 'author', 'publisher_id'])).to.deep.equal([
        { id: book.id, author_id: ann.id, author: ann.id, publisher_id: publisher.id },
      ]);
    });

    it('takes lookups and query options', async () => {
      await authorsNamed('Ann', 'Anna', 'Bob');
      expect(await Author.values(['name'], { name__startswith: 'Ann' }, { orderBy: '-name' })).to.deep.equal([{ name: 'Anna' }, { name: 'Ann' }]);
    });

    it('rejects an unknown field', async () => {
      await authorsNamed('Ann');
      const error = await rejects(() => Author.values(['name', 'nope']), InvalidLookup);
      expect(error.message).to.contain("Model Author does not have any field named 'nope'");
    });
  });

  describe('paginate', () => {
    it('returns { items, total, page, size, pages } for the page asked', async () => {
      const authors = await authorsNamed('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7');
      const page = await Author.paginate({ page: 2, size: 3 });
      expect(page).to.deep.equal({ items: authors.slice(3, 6), total: 7, page: 2, size: 3, pages: 3 });
      expect(names((await Author.paginate({ page: 3, size: 3 })).items)).to.deep.equal(['a7']);
    });

    it('defaults to page 1 of 50', async () => {
      await Tag.bulkSave(Array.from({ length: 51 }, (_, i) => Tag.create({ name: `t${i}` })));
      const page = await Tag.paginate();
      expect(page.items).to.have.length(50);
      expect({ ...page, items: undefined }).to.deep.equal({ items: undefined, total: 51, page: 1, size: 50, pages: 2 });
    });

    it('returns no items past the last page and 0 pages for no rows', async () => {
      expect(await Author.paginate({ page: 1, size: 10 })).to.deep.equal({ items: [], total: 0, page: 1, size: 10, pages: 0 });
      await authorsNamed('a');
      expect(await Author.paginate({ page: 5, size: 10 })).to.deep.equal({ items: [], total: 1, page: 5, size: 10, pages: 1 });
    });

    it('takes lookups and an order', async () => {
      await authorsNamed('Ann', 'Bob', 'Anna', 'Annie');
      const page = await Author.paginate({ page: 1, size: 2 }, { name__startswith: 'Ann' }, { orderBy: '-name' });
      expect(names(page.items)).to.deep.equal(['Annie', 'Anna']);
      expect(page.total).to.equal(3);
      expect(page.pages).to.equal(2);
    });

    it('accepts sizes from 1 to 100 and pages from 1; anything else is InvalidLookup', async () => {
      await authorsNamed('a');
      expect((await Author.paginate({ size: 1 })).size).to.equal(1);
      expect((await Author.paginate({ size: 100 })).size).to.equal(100);
      for (const params of [{ size: 0 }, { size: 101 }, { size: 2.5 }, { page: 0 }, { page: -1 }, { page: 1.5 }]) {
        await rejects(() => Author.paginate(params), InvalidLookup);
      }
    });
  });
});

describe('BaseTable: writing', () => {
  const t = useTestCase();

  describe('create', () => {
    it('builds an unsaved row from wire keys (author_id, born_at as an ISO string)', async () => {
      const publisher = await Publisher.create({ name: 'P' }).save();
      const ann = await Author.create({ name: 'Ann' }).save();

      const book = Book.create({ title: 'T', publisher_id: publisher.id, author_id: ann.id });
      const bob = Author.create({ name: 'Bob', born_at: '1941-05-24T10:00:00.000Z' });

      expect(book.id).to.equal(undefined);
      expect(book.author!.id).to.equal(ann.id);
      expect(book.publisher.id).to.equal(publisher.id);
      expect(bob.bornAt).to.be.instanceOf(Date);
      expect(bob.bornAt!.toISOString()).to.equal('1941-05-24T10:00:00.000Z');
      expect(await Book.count()).to.equal(0);
    });

    it('builds a row from property keys (entities, Date)', async () => {
      const publisher = await Publisher.create({ name: 'P' }).save();
      const born = new Date('1941-05-24T10:00:00Z');
      const bob = Author.create({ name: 'Bob', bornAt: born, secretNote: 'shy' });
      const book = Book.create({ title: 'T', publisher, author: bob });

      expect(bob.bornAt).to.equal(born);
      expect(bob.secretNote).to.equal('shy');
      expect(book.author).to.equal(bob);
      expect(book.publisher).to.equal(publisher);
    });

    it('applies the defaults of the fields not given', () => {
      const ann = Author.create({ name: 'Ann' });
      expect(ann).to.include({ name: 'Ann', email: null, age: null, rating: 0, active: true, bornAt: null, status: 'draft', secretNote: null });
      expect(ann.tags).to.deep.equal([]);
      const book = Book.create({ title: 'T' });
      expect(book.summary).to.equal(null);
      expect(book.author).to.equal(null);
    });

    it('gives each row its own copy of a default list', () => {
      const ann = Author.create({ name: 'Ann' });
      const bob = Author.create({ name: 'Bob' });
      ann.tags.push('poet');
      expect(bob.tags).to.deep.equal([]);
      expect(Author.create({ name: 'Cid' }).tags).to.deep.equal([]);
    });

    it('keeps values given over defaults, null included', () => {
      const ann = Author.create({ name: 'Ann', rating: 4.5, active: false, status: 'published', tags: ['sf'], email: 'ann@example.com' });
      expect(ann).to.include({ rating: 4.5, active: false, status: 'published', email: 'ann@example.com' });
      expect(ann.tags).to.deep.equal(['sf']);
    });

    it('throws UnknownField (400) for a key the model does not have', async () => {
      const error = await rejects(() => Author.create({ name: 'Ann', nickname: 'A' } as Parameters<typeof Author.create>[0]), UnknownField);
      expect(error.status).to.equal(400);
      expect(error.message).to.contain("Author has no field 'nickname'");
      expect(await Author.count()).to.equal(0);
    });
  });

  describe('assign', () => {
    it('copies only the keys given (wire or property names) and returns the same row, unsaved', async () => {
      const ann = await Author.create({ name: 'Ann', age: 30, email: 'ann@example.com' }).save();

      const same = ann.assign({ age: 31, born_at: '1990-01-01T00:00:00.000Z' }).assign({ secretNote: 'hush' });

      expect(same).to.equal(ann);
      expect(ann).to.include({ name: 'Ann', age: 31, email: 'ann@example.com', secretNote: 'hush' });
      expect(ann.bornAt!.toISOString()).to.equal('1990-01-01T00:00:00.000Z');
      await ann.refresh();
      expect(ann.age).to.equal(30);
    });

    it('sets and clears a relation by id or by entity', async () => {
      const publisher = await Publisher.create({ name: 'P' }).save();
      const [ann, bob] = await authorsNamed('Ann', 'Bob');
      const book = await Book.create({ title: 'T', publisher, author: ann }).save();

      await book.assign({ author_id: bob.id }).save();
      expect((await Book.getOr404({ id: book.id })).author!.id).to.equal(bob.id);
      await book.assign({ author: ann }).save();
      expect(await Book.count({ author: ann })).to.equal(1);
      await book.assign({ author_id: null }).save();
      expect(await Book.count({ author__isnull: true })).to.equal(1);
    });

    it('ignores keys whose value is undefined', async () => {
      const ann = Author.create({ name: 'Ann', age: 30 });
      ann.assign({ age: undefined, name: 'Anne' });
      expect(ann).to.include({ name: 'Anne', age: 30 });
    });

    it('throws UnknownField for a key the model does not have', async () => {
      const ann = Author.create({ name: 'Ann' });
      await rejects(() => ann.assign({ nickname: 'A' } as Parameters<typeof ann.assign>[0]), UnknownField);
    });
  });

  describe('save', () => {
    it('inserts a new row: id and created_at set, updated_at null; returns the same instance', async () => {
      const before = Date.now();
      const ann = Author.create({ name: 'Ann' });

      const saved = await ann.save();

      expect(saved).to.equal(ann);
      expect(ann.id).to.be.a('number');
      expect(ann.createdAt).to.be.instanceOf(Date);
      expect(ann.createdAt.getTime()).to.be.within(before - 1000, Date.now() + 1000);
      expect(ann.updatedAt).to.equal(null);
      t.em.clear();
      const stored = await Author.getOr404({ id: ann.id });
      expect(stored).to.not.equal(ann);
      expect(stored).to.include({ name: 'Ann', rating: 0, status: 'draft', updatedAt: null });
      expect(stored.createdAt.toISOString()).to.equal(ann.createdAt.toISOString());
    });

    it('updates the row on a later save: updated_at set, created_at kept, no new row', async () => {
      const ann = await Author.create({ name: 'Ann' }).save();
      const createdAt = ann.createdAt.toISOString();

      ann.age = 42;
      await ann.save();

      expect(ann.updatedAt).to.be.instanceOf(Date);
      expect(ann.updatedAt!.getTime()).to.be.at.least(ann.createdAt.getTime());
      expect(ann.createdAt.toISOString()).to.equal(createdAt);
      expect(await Author.count()).to.equal(1);
      t.em.clear();
      const stored = await Author.getOr404({ id: ann.id });
      expect(stored.age).to.equal(42);
      expect(stored.updatedAt!.toISOString()).to.equal(ann.updatedAt!.toISOString());
    });

    it('throws on a unique violation and leaves the context usable', async () => {
      await Author.create({ name: 'Ann' }).save();
      await rejects(() => Author.create({ name: 'Ann' }).save(), UniqueConstraintViolationException);
      await Author.create({ name: 'Bob' }).save();
      expect(names(await Author.all())).to.deep.equal(['Ann', 'Bob']);
    });
  });

  describe('refresh', () => {
    it('reloads the row from the database, dropping unsaved changes', async () => {
      const ann = await Author.create({ name: 'Ann', age: 30 }).save();
      await t.em.nativeUpdate(Author, { id: ann.id }, { age: 31 });
      ann.name = 'changed, not saved';

      const same = await ann.refresh();

      expect(same).to.equal(ann);
      expect(ann).to.include({ name: 'Ann', age: 31 });
    });

    it('throws NotFound when the row was deleted', async () => {
      const ann = await Author.create({ name: 'Ann' }).save();
      await t.em.nativeDelete(Author, { id: ann.id });
      const error = await rejects(() => ann.refresh(), NotFound);
      expect(error.message).to.equal('Author not found.');
    });
  });

  describe('delete', () => {
    it('deletes the row', async () => {
      const [ann, bob] = await authorsNamed('Ann', 'Bob');
      await ann.delete();
      expect(await Author.get({ id: ann.id })).to.equal(null);
      expect(await Author.all()).to.deep.equal([bob]);
    });
  });

  describe('truncate', () => {
    it('deletes every row of the table and returns how many', async () => {
      await authorsNamed('Ann', 'Bob', 'Cid');
      await publisherWithBooks('P', ['T']);
      expect(await Author.truncate()).to.equal(3);
      expect(await Author.count()).to.equal(0);
      expect(await Author.truncate()).to.equal(0);
      expect(await Book.count()).to.equal(1);
    });
  });
});
