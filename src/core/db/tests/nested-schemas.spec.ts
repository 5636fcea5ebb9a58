/** A nested create route (`POST /publishers/1/books/`) takes the parent from the path: `createSchema().omit(...)`. */
import { expect } from 'chai';
import { useTestCase } from '../../testing/index.js';
import { KitBook as Book, KitPublisher as Publisher } from './models.js';

describe('schemas for nested routes', () => {
  const t = useTestCase();

  it('omits the field the path gives, and the row is created with it', async () => {
    const BookCreate = Book.createSchema().omit({ publisher_id: true });
    expect(Object.keys(BookCreate.shape)).to.not.include('publisher_id');
    const body = BookCreate.parse({ title: 'Nested', publisher_id: 999 }); // a publisher_id in the body is dropped
    expect(body).to.not.have.property('publisher_id');
    const publisher = await Publisher.create({ name: 'Path Press' }).save();
    const book = await Book.create({ ...body, publisher_id: publisher.id }).save();
    expect(book.toJSON()).to.include({ title: 'Nested', publisher_id: publisher.id });
    void t;
  });
});
