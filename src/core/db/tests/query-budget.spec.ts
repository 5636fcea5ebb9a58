/**
 * How many SQL statements the common calls cost (transaction control — SAVEPOINT, RELEASE — not counted).
 * A regression here is an N+1 or a wasted round trip.
 */
import { expect } from 'chai';
import { useTestCase } from '../../testing/index.js';
import { KitAuthor, KitBook, KitPublisher } from './models.js';
import { publisherWithBooks } from './helpers.js';

describe('query budgets', () => {
  const t = useTestCase();

  it('get is one query', async () => {
    const ann = await KitAuthor.create({ name: 'Ann' }).save();
    t.em.clear();
    await t.assertNumQueries(1, () => KitAuthor.get({ id: ann.id }));
  });

  it('get of a row with an eager relation is one query', async () => {
    const { books } = await publisherWithBooks('Tor', ['T']);
    t.em.clear();
    const book = await t.assertNumQueries(1, () => KitBook.get({ id: books[0]!.id }));
    expect(book!.publisher.name).to.equal('Tor');
  });

  it('filter through a relation path is one query', async () => {
    const ann = await KitAuthor.create({ name: 'Ann' }).save();
    await publisherWithBooks('Tor', ['One', 'Two'], ann);
    t.em.clear();
    const books = await t.assertNumQueries(1, () => KitBook.filter({ author__name: 'Ann', publisher__name__icontains: 'tor' }));
    expect(books).to.have.length(2);
  });

  it('count, exists and values are one query each; paginate is two (rows and total)', async () => {
    await KitAuthor.create({ name: 'Ann' }).save();
    await t.assertNumQueries(1, () => KitAuthor.count({ name__icontains: 'a' }));
    await t.assertNumQueries(1, () => KitAuthor.exists({ name: 'Ann' }));
    await t.assertNumQueries(1, () => KitAuthor.values(['name']));
    await t.assertNumQueries(2, () => KitAuthor.paginate({ size: 10 }));
  });

  it('saving a new row is one data statement (an INSERT)', async () => {
    const { queries } = await t.captureQueries(() => KitAuthor.create({ name: 'Ann' }).save());
    expect(queries).to.have.length(1);
    expect(queries[0]).to.match(/^insert into "kit_author"/);
  });

  it('saving a changed row is one UPDATE; saving an unchanged row runs nothing', async () => {
    const ann = await KitAuthor.create({ name: 'Ann' }).save();
    await t.assertNumQueries(0, () => ann.save());
    ann.age = 30;
    const { queries } = await t.captureQueries(() => ann.save());
    expect(queries).to.have.length(1);
    expect(queries[0]).to.match(/^update "kit_author"/);
  });

  it('a save runs inside a savepoint of the surrounding transaction', async () => {
    const { queries } = await t.captureQueries(() => KitPublisher.create({ name: 'P' }).save(), { includeTxControl: true });
    expect(queries.map((sql) => sql.split(' ')[0]!.toLowerCase())).to.deep.equal(['savepoint', 'insert', 'release']);
  });

  it('bulkSave of many new rows is one INSERT', async () => {
    await t.assertNumQueries(1, () => KitAuthor.bulkSave(Array.from({ length: 20 }, (_, i) => KitAuthor.create({ name: `a${i}` }))));
  });

  it('delete is one DELETE', async () => {
    const ann = await KitAuthor.create({ name: 'Ann' }).save();
    await t.assertNumQueries(1, () => ann.delete());
  });
});
