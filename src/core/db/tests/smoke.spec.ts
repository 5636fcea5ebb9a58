import { expect } from 'chai';
import { useTestCase } from '../../testing/index.js';
import { Author, Book, bookTags, Genre, Publisher, Tag } from './models.js';

describe('smoke', () => {
  const t = useTestCase();
  it('creates and reads back', async () => {
    const pub = await Publisher.create({ name: 'P;ub' }).save();
    const author = await Author.create({ name: "O'Brien; --x" }).save();
    const tag = await Tag.create({ name: 'sf' }).save();
    const genre = await Genre.create({ name: 'novel' }).save();
    const book = Book.create({ title: 'B', publisher: pub, author_id: author.id });
    book.genres.add(genre);
    await book.save();
    await bookTags.add(book, [tag]);
    t.em.clear();
    const again = await Book.getOr404({ id: book.id });
    expect((await bookTags.list(again)).map((x) => x.name)).to.deep.equal(['sf']);
    await again.genres.init();
    expect(again.genres.getItems().map((x) => x.name)).to.deep.equal(['novel']);
    expect(again.toJSON()).to.include({ title: 'B', author_id: author.id, publisher_id: pub.id });
    expect((await Author.get({ name: "O'Brien; --x" }))!.name).to.equal("O'Brien; --x");
    console.log(again.toJSON(), (await Author.first())!.toJSON());
  });
});
