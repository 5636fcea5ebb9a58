/**
 * Model.update(where, values) and Model.delete(where): one statement each, counts returned, F() expressions
 * computed by the database.
 */
import { expect } from 'chai';
import { assertNumQueries, captureQueries, useTestCase } from '../../testing/index.js';
import { F, transaction } from '../index.js';
import { Author, Book, Publisher } from './models.js';

/** Awaits `promise` and checks that it fails with a message matching `pattern`. */
async function failsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(error).to.be.instanceOf(Error);
  expect((error as Error).message).to.match(pattern);
}

describe('Model.update and Model.delete', () => {
  const t = useTestCase();

  async function authors(): Promise<Author[]> {
    const names = ['ann', 'bob', 'cy'];
    return Promise.all(names.map((name, i) => Author.create({ name, age: 20 + i, rating: 1 }).save()));
  }

  it('updates the matching rows in one statement and returns how many', async () => {
    const [ann] = await authors();
    const changed = await assertNumQueries(1, () => Author.update({ age__gte: 21 }, { rating: 5, status: 'published' }));
    expect(changed).to.equal(2);
    t.em.clear();
    const rows = await Author.all({ orderBy: 'name' });
    expect(rows.map((a) => [a.name, a.rating, a.status])).to.deep.equal([['ann', 1, 'draft'], ['bob', 5, 'published'], ['cy', 5, 'published']]);
    expect(rows[1]!.updatedAt).to.be.instanceOf(Date);
    expect(rows.find((a) => a.id === ann!.id)!.updatedAt).to.equal(null);
  });

  it('computes F() expressions in the database, with numbers bound as parameters', async () => {
    await authors();
    const { queries } = await captureQueries(() => Author.update({}, { age: F('age').plus(1).times(2), rating: F('rating').minus(F('age')) }));
    expect(queries).to.have.length(1);
    expect(queries[0]).to.match(/^update "kit_author" set "age" = \?, "rating" = \?/);
    t.em.clear();
    const rows = await Author.all({ orderBy: 'name' });
    expect(rows.map((a) => [a.age, a.rating])).to.deep.equal([[42, -19], [44, -20], [46, -21]]);
  });

  it('takes wire names and relation ids', async () => {
    const publisher = await Publisher.create({ name: 'P' }).save();
    const [ann, bob] = await authors();
    const book = await Book.create({ title: 'B', publisher, author: ann }).save();
    expect(await Author.update({ id: ann!.id }, { born_at: '2000-01-02T00:00:00Z' })).to.equal(1);
    expect(await Book.update({ title: 'B' }, { author_id: bob!.id })).to.equal(1);
    t.em.clear();
    expect((await Author.getOr404({ id: ann!.id })).bornAt!.toISOString()).to.equal('2000-01-02T00:00:00.000Z');
    expect((await Book.getOr404({ id: book.id })).toJSON()).to.include({ author_id: bob!.id });
  });

  it('refuses unknown fields, empty values and bad operands before any SQL', async () => {
    const { queries } = await captureQueries(async () => {
      await failsWith(Author.update({}, { nope: 1 } as never), /Author has no field 'nope'/);
      await failsWith(Author.update({}, {}), /needs at least one value/);
      await failsWith(Author.update({}, { age: F('nope').plus(1) }), /Author has no field 'nope'/);
      expect(() => F('age').plus(Number.NaN)).to.throw(/finite number/);
    });
    expect(queries).to.deep.equal([]);
  });

  it('joins the enclosing transaction, and rolls back with it', async () => {
    const [ann] = await authors();
    await failsWith(
      transaction(async () => {
        await Author.update({ id: ann!.id }, { rating: F('rating').plus(10) });
        throw new Error('boom');
      }),
      /boom/,
    );
    t.em.clear();
    expect((await Author.getOr404({ id: ann!.id })).rating).to.equal(1);
  });

  it('deletes the matching rows in one statement and returns how many', async () => {
    await authors();
    expect(await assertNumQueries(1, () => Author.delete({ name__in: ['ann', 'cy', 'zed'] }))).to.equal(2);
    expect((await Author.all()).map((a) => a.name)).to.deep.equal(['bob']);
    expect(await Author.delete({ name: 'nobody' })).to.equal(0);
  });
});
