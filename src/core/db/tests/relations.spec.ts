/**
 * Relations: ManyToOne (with database delete rules and eager loading), OneToMany and ManyToMany collections,
 * and links keyed by a natural key (KeyedLinks: KitBook ↔ KitTag by tag name).
 */
import { wrap } from '@mikro-orm/core';
import { expect } from 'chai';
import { useTestCase } from '../../testing/index.js';
import { KitAuthor, KitBook, bookTags, KitGenre, KitPublisher, KitTag } from './models.js';
import { lookups, names, publisherWithBooks, titles } from './helpers.js';

const sorted = (list: string[]) => [...list].sort();

describe('relations', () => {
  const t = useTestCase();

  describe('ManyToOne', () => {
    it('stores the related row and reads it back after the context is cleared', async () => {
      const publisher = await KitPublisher.create({ name: 'Tor' }).save();
      const ann = await KitAuthor.create({ name: 'Ann' }).save();
      const book = await KitBook.create({ title: 'T', publisher, author_id: ann.id }).save();
      t.em.clear();

      const stored = await KitBook.getOr404({ id: book.id });

      expect(stored.publisher.id).to.equal(publisher.id);
      expect(stored.author!.id).to.equal(ann.id);
      expect(stored.toJSON()).to.include({ title: 'T', author_id: ann.id, publisher_id: publisher.id });
    });

    it('deleting a KitAuthor sets the author of its books to null (set null)', async () => {
      const ann = await KitAuthor.create({ name: 'Ann' }).save();
      const { books } = await publisherWithBooks('Tor', ['One', 'Two'], ann);

      await ann.delete();

      expect(await KitBook.count()).to.equal(2);
      expect(await KitBook.count({ author__isnull: true })).to.equal(2);
      expect((await KitBook.getOr404({ id: books[0]!.id })).author).to.equal(null);
    });

    it('deleting a KitPublisher deletes its books (cascade), and only its books', async () => {
      const tor = await publisherWithBooks('Tor', ['One', 'Two']);
      const penguin = await publisherWithBooks('Penguin', ['Three']);

      await tor.publisher.delete();

      expect(titles(await KitBook.all())).to.deep.equal(['Three']);
      expect(await KitBook.get({ id: tor.books[0]!.id })).to.equal(null);
      expect(await KitBook.exists({ publisher: penguin.publisher })).to.equal(true);
    });

    it('loads an eager relation (publisher) with the row, in the same query; a lazy one (author) stays a reference', async () => {
      const ann = await KitAuthor.create({ name: 'Ann' }).save();
      const { books } = await publisherWithBooks('Tor', ['One'], ann);
      t.em.clear();

      const book = await t.assertNumQueries(1, () => KitBook.getOr404({ id: books[0]!.id }));

      expect(wrap(book.publisher).isInitialized()).to.equal(true);
      expect(book.publisher.name).to.equal('Tor');
      expect(wrap(book.author!).isInitialized()).to.equal(false);
      expect(book.author!.id).to.equal(ann.id);
      expect((await KitAuthor.getOr404({ id: book.author!.id })).name).to.equal('Ann');
    });

    it('loads the eager relation for every row of a list', async () => {
      await publisherWithBooks('Tor', ['One', 'Two']);
      await publisherWithBooks('Penguin', ['Three']);
      t.em.clear();

      const books = await t.assertNumQueries(1, () => KitBook.all());

      expect(books.map((book) => [book.title, book.publisher.name])).to.deep.equal([
        ['One', 'Tor'],
        ['Two', 'Tor'],
        ['Three', 'Penguin'],
      ]);
    });
  });

  describe('OneToMany', () => {
    it('lists the rows pointing at a row (author.books, publisher.books)', async () => {
      const ann = await KitAuthor.create({ name: 'Ann' }).save();
      const { publisher } = await publisherWithBooks('Tor', ['One', 'Two'], ann);
      await publisherWithBooks('Penguin', ['Other']);
      t.em.clear();

      const author = await KitAuthor.getOr404({ id: ann.id });
      expect(author.books.isInitialized()).to.equal(false);
      expect(sorted(titles(await author.books.loadItems()))).to.deep.equal(['One', 'Two']);
      const reloaded = await KitPublisher.getOr404({ id: publisher.id });
      expect(await reloaded.books.loadCount()).to.equal(2);
    });
  });

  describe('ManyToMany', () => {
    it('stores a collection (KitBook.genres) and reads it from both sides', async () => {
      const sf = await KitGenre.create({ name: 'sf' }).save();
      const space = await KitGenre.create({ name: 'space opera' }).save();
      await KitGenre.create({ name: 'romance' }).save();
      const { books } = await publisherWithBooks('Tor', ['Ancillary Justice']);
      books[0]!.genres.add(sf, space);
      await books[0]!.save();
      t.em.clear();

      const book = await KitBook.getOr404({ id: books[0]!.id });
      expect(sorted(names(await book.genres.loadItems()))).to.deep.equal(['sf', 'space opera']);
      const genre = await KitGenre.getOr404({ name: 'sf' });
      expect(titles(await genre.books.loadItems())).to.deep.equal(['Ancillary Justice']);
      expect(names(await KitGenre.filter({}, { orderBy: 'name' }))).to.deep.equal(['romance', 'sf', 'space opera']);
    });

    it('removes a link when an item leaves the collection', async () => {
      const sf = await KitGenre.create({ name: 'sf' }).save();
      const space = await KitGenre.create({ name: 'space opera' }).save();
      const { books } = await publisherWithBooks('Tor', ['T']);
      books[0]!.genres.add(sf, space);
      await books[0]!.save();

      books[0]!.genres.remove(sf);
      await books[0]!.save();
      t.em.clear();

      const book = await KitBook.getOr404({ id: books[0]!.id });
      expect(names(await book.genres.loadItems())).to.deep.equal(['space opera']);
      expect(await KitGenre.count()).to.equal(2);
    });

    it('deleting a genre removes it from its books, not the books', async () => {
      const sf = await KitGenre.create({ name: 'sf' }).save();
      const space = await KitGenre.create({ name: 'space opera' }).save();
      const { books } = await publisherWithBooks('Tor', ['T']);
      books[0]!.genres.add(sf, space);
      await books[0]!.save();

      await sf.delete();
      t.em.clear();

      const book = await KitBook.getOr404({ id: books[0]!.id });
      expect(names(await book.genres.loadItems())).to.deep.equal(['space opera']);
    });

    it('can be filtered through (genres__name)', async () => {
      const sf = await KitGenre.create({ name: 'sf' }).save();
      const { books } = await publisherWithBooks('Tor', ['In sf', 'Not in sf']);
      books[0]!.genres.add(sf);
      await books[0]!.save();

      expect(titles(await KitBook.filter(lookups<KitBook>({ genres__name: 'sf' })))).to.deep.equal(['In sf']);
      expect(titles(await KitBook.filter(lookups<KitBook>({ genres: sf })))).to.deep.equal(['In sf']);
    });
  });

  describe('links keyed by name (bookTags)', () => {
    let book: KitBook;
    let other: KitBook;
    let sf: KitTag;
    let classic: KitTag;
    let unused: KitTag;
    beforeEach(async () => {
      const { books } = await publisherWithBooks('Tor', ['Book', 'Other']);
      [book, other] = books as [KitBook, KitBook];
      sf = await KitTag.create({ name: 'sf' }).save();
      classic = await KitTag.create({ name: 'classic' }).save();
      unused = await KitTag.create({ name: 'unused' }).save();
    });

    it('add links tags; list, keys and owners read them back', async () => {
      await bookTags.add(book, [sf, classic]);
      await bookTags.add(other, [sf]);

      expect(await bookTags.list(book)).to.deep.equal([sf, classic]);
      expect(sorted(await bookTags.keys(book))).to.deep.equal(['classic', 'sf']);
      expect(await bookTags.owners(sf)).to.deep.equal([book, other]);
      expect(await bookTags.owners(classic)).to.deep.equal([book]);
      expect(await bookTags.owners(unused)).to.deep.equal([]);
      expect(await bookTags.list(other)).to.deep.equal([sf]);
    });

    it('store the name in the link table', async () => {
      await bookTags.add(book, [sf]);
      const rows = await t.em.execute<Array<{ tag_name: string; book_id: number }>>('select tag_name, book_id from kit_book_tag_link');
      expect(rows).to.deep.equal([{ tag_name: 'sf', book_id: book.id }]);
    });

    it('add keeps existing links (no duplicate, no error)', async () => {
      await bookTags.add(book, [sf]);
      await bookTags.add(book, [sf, classic]);
      expect(await bookTags.keys(book)).to.have.members(['sf', 'classic']).and.have.length(2);
    });

    it('remove unlinks only the tags given, for that book only', async () => {
      await bookTags.add(book, [sf, classic]);
      await bookTags.add(other, [sf]);

      await bookTags.remove(book, [sf, unused]);

      expect(await bookTags.keys(book)).to.deep.equal(['classic']);
      expect(await bookTags.keys(other)).to.deep.equal(['sf']);
    });

    it('add and remove with no tags run no query', async () => {
      await t.assertNumQueries(0, async () => {
        await bookTags.add(book, []);
        await bookTags.remove(book, []);
      });
    });

    it('list, keys and owners run one query each', async () => {
      await bookTags.add(book, [sf, classic]);
      t.em.clear();
      await t.assertNumQueries(1, () => bookTags.list(book));
      await t.assertNumQueries(1, () => bookTags.keys(book));
      await t.assertNumQueries(1, () => bookTags.owners(sf));
    });

    it('deleting a tag removes its links (cascade)', async () => {
      await bookTags.add(book, [sf, classic]);
      await sf.delete();
      expect(await bookTags.keys(book)).to.deep.equal(['classic']);
      expect(names(await bookTags.list(book))).to.deep.equal(['classic']);
    });

    it('renaming a tag renames its links (on update cascade)', async () => {
      await bookTags.add(book, [sf]);
      await sf.assign({ name: 'science fiction' }).save();
      expect(await bookTags.keys(book)).to.deep.equal(['science fiction']);
      expect(await bookTags.list(book)).to.deep.equal([sf]);
    });

    it('deleting a book removes its links (cascade)', async () => {
      await bookTags.add(book, [sf]);
      await bookTags.add(other, [sf]);
      await book.delete();
      expect(await bookTags.owners(sf)).to.deep.equal([other]);
    });
  });
});
