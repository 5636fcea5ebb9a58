/**
 * The compiled read path: get, filter, all, first, count and paginate send a prepared statement built once per
 * shape, and the rows are managed entities of the current context; shapes it does not compile go to MikroORM.
 */
import { expect } from 'chai';
import { captureQueries, useTestCase } from '../../testing/index.js';
import { transaction } from '../index.js';
import { Author, Book, Publisher } from './models.js';

describe('compiled reads', () => {
  const t = useTestCase();

  it('sends one compiled statement and returns managed entities (identity map, save, delete)', async () => {
    const ann = await Author.create({ name: 'ann;1', age: 30 }).save();
    t.em.clear();
    const { result: found, queries } = await captureQueries(() => Author.get({ name: 'ann;1' }));
    expect(queries).to.deep.equal(['select * from "kit_author" where "name" = $1 order by "id" asc limit $2']);
    expect(found).to.be.instanceOf(Author);
    expect(found!.id).to.equal(ann.id);
    expect(found!.createdAt).to.be.instanceOf(Date);
    expect(await Author.get({ id: ann.id })).to.equal(found);
    expect(await t.em.findOne(Author, ann.id)).to.equal(found);
    found!.age = 31;
    await found!.save();
    t.em.clear();
    expect((await Author.getOr404({ id: ann.id })).age).to.equal(31);
    await (await Author.getOr404({ id: ann.id })).delete();
    expect(await Author.count()).to.equal(0);
  });

  it('compiles filter, count and paginate with lookups, order and window', async () => {
    for (const [name, age] of [['a', 10], ['b', 20], ['c', 30], ['d', null]] as const) await Author.create({ name, age }).save();
    const { result, queries } = await captureQueries(async () => ({
      rows: await Author.filter({ age__gte: 15, name__icontains: 'B' }, { orderBy: '-age' }),
      all: await Author.all({ orderBy: ['-name'], offset: 1, limit: 2 }),
      nulls: await Author.count({ age__isnull: true }),
      page: await Author.paginate({ page: 2, size: 1 }, { age__isnull: false }),
    }));
    expect(result.rows.map((a) => a.name)).to.deep.equal(['b']);
    expect(result.all.map((a) => a.name)).to.deep.equal(['c', 'b']);
    expect(result.nulls).to.equal(1);
    expect(result.page).to.include({ total: 3, page: 2, size: 1, pages: 3 });
    expect(result.page.items.map((a) => a.name)).to.deep.equal(['b']);
    expect(queries.every((sql) => /^select (\*|count\(\*\)::int as "count") from "kit_author"/.test(sql)), queries.join('\n')).to.equal(true);
  });

  it('keeps the unsaved changes of an entity already loaded, as a find does', async () => {
    const ann = await Author.create({ name: 'ann' }).save();
    ann.name = 'changed';
    const again = await Author.get({ id: ann.id });
    expect(again).to.equal(ann);
    expect(again!.name).to.equal('changed');
  });

  it("reads on the transaction's connection inside a transaction", async () => {
    await transaction(async () => {
      await Author.create({ name: 'inside' }).save();
      expect((await Author.filter({ name: 'inside' })).length).to.equal(1);
    });
  });

  it('leaves eager relations and relation lookups to MikroORM, with the same results', async () => {
    const publisher = await Publisher.create({ name: 'P' }).save();
    const author = await Author.create({ name: 'ann' }).save();
    await Book.create({ title: 'T', publisher, author }).save();
    t.em.clear();
    const { result, queries } = await captureQueries(async () => ({
      books: await Book.filter({ title: 'T' }),
      byRelation: await Author.filter({ name: 'ann', age__isnull: true, id__in: [author.id] }),
    }));
    expect(queries.some((sql) => sql.startsWith('select *'))).to.equal(false);
    expect(result.books[0]!.publisher.name).to.equal('P');
    expect(result.byRelation.map((a) => a.id)).to.deep.equal([author.id]);
  });
});
