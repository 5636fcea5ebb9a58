/**
 * The compiled read path: get, filter, all, first, count and paginate send a prepared statement built once per
 * shape, and the rows are managed entities of the current context; shapes it does not compile go to MikroORM.
 */
import { expect } from 'chai';
import { captureQueries, useTestCase } from '../../testing/index.js';
import { transaction } from '../index.js';
import { setCompiledReads } from '../compiled-read.js';
import { KitAuthor as Author, KitBook as Book, KitPublisher as Publisher, KitReview as Review } from './models.js';

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

  it('reads an eager to-one relation with a join in the same statement, with what MikroORM makes of it', async () => {
    const publisher = await Publisher.create({ name: 'P' }).save();
    await Book.create({ title: 'T', publisher }).save();
    const ann = await Author.create({ name: 'ann', age: 30 }).save();
    await Review.create({ text: 'good', reviewer: ann }).save();
    await Review.create({ text: 'none', reviewer: null }).save();
    await Review.create({ text: 'great', reviewer: ann }).save();
    const read = async () => ({ books: await Book.filter({ title: 'T' }), reviews: await Review.all({ orderBy: 'text' }), one: await Review.get({ text: 'good' }) });
    t.em.clear();
    const { result, queries } = await captureQueries(read);
    expect(queries).to.deep.equal([
      'select "e0".*, "e1"."id" as "publisher__id", "e1"."created_at" as "publisher__created_at", "e1"."updated_at" as "publisher__updated_at", "e1"."name" as "publisher__name" from "kit_book" as "e0" left join "kit_publisher" as "e1" on "e1"."id" = "e0"."publisher_id" where "e0"."title" = $1 order by "e0"."id" asc limit $2',
      ...['order by "e0"."text" asc limit $1', 'where "e0"."text" = $1 order by "e0"."id" asc limit $2'].map(
        (rest) => `select "e0".*, ${['id', 'created_at', 'updated_at', 'name', 'email', 'age', 'rating', 'active', 'born_at', 'status', 'tags', 'secret_note'].map((c) => `"e1"."${c}" as "reviewer__${c}"`).join(', ')} from "kit_review" as "e0" left join "kit_author" as "e1" on "e1"."id" = "e0"."reviewer_id" ${rest}`,
      ),
    ]);
    expect(result.reviews.map((r) => r.reviewer?.name ?? null)).to.deep.equal(['ann', 'ann', null]);
    expect(result.reviews[1]!.reviewer).to.equal(result.reviews[0]!.reviewer);
    expect(result.one!.reviewer).to.equal(result.reviews[0]!.reviewer);
    expect(result.one!.reviewer!.createdAt).to.be.instanceOf(Date);
    expect(await Author.get({ id: ann.id })).to.equal(result.one!.reviewer);
    expect(result.books[0]!.publisher).to.equal(await Publisher.get({ id: publisher.id }));
    const compiledJson = JSON.stringify(result);
    t.em.clear();
    setCompiledReads(false);
    try {
      const { result: mikro, queries: mikroQueries } = await captureQueries(read);
      expect(mikroQueries.some((sql) => sql.includes('"e0".*'))).to.equal(false);
      expect(compiledJson).to.equal(JSON.stringify(mikro));
    } finally {
      setCompiledReads(true);
    }
  });

  it("keeps the unsaved changes of a joined entity already loaded, and saves changes made through the relation", async () => {
    const ann = await Author.create({ name: 'ann' }).save();
    const review = await Review.create({ text: 'good', reviewer: ann }).save();
    ann.name = 'changed';
    const again = await Review.get({ id: review.id });
    expect(again!.reviewer).to.equal(ann);
    expect(ann.name).to.equal('changed');
    t.em.clear();
    const fresh = (await Review.get({ id: review.id }))!;
    fresh.reviewer!.age = 41;
    await fresh.reviewer!.save();
    t.em.clear();
    expect((await Author.getOr404({ id: ann.id })).age).to.equal(41);
  });

  it('reads untracked rows of an eager relation with the join too: the related rows untracked, the JSON the same', async () => {
    const ann = await Author.create({ name: 'ann', age: 30 }).save();
    for (const [text, reviewer] of [['good', ann], ['great', ann], ['none', null]] as const) await Review.create({ text, reviewer }).save();
    const read = () => Review.all({ orderBy: 'text', readonly: true });
    t.em.clear();
    const { result: rows, queries } = await captureQueries(read);
    expect(queries.length).to.equal(1);
    expect(queries[0]).to.match(/^select "e0"\.\*, .* left join "kit_author" as "e1"/);
    expect(rows.map((r) => r.reviewer?.name ?? null)).to.deep.equal(['ann', 'ann', null]);
    expect(rows[1]!.reviewer).to.equal(rows[0]!.reviewer);
    expect(rows[0]!.reviewer).to.be.instanceOf(Author);
    expect(rows[0]!.reviewer!.createdAt).to.be.instanceOf(Date);
    expect(t.em.getUnitOfWork().getIdentityMap().values().length).to.equal(0);
    try {
      await rows[0]!.reviewer!.save();
      expect.fail('saved an untracked row');
    } catch (error) {
      expect((error as Error).message).to.match(/^Cannot save KitAuthor \d+: it was read with \{ readonly: true \}/);
    }
    setCompiledReads(false);
    try {
      expect(JSON.stringify(rows)).to.equal(JSON.stringify(await read()));
    } finally {
      setCompiledReads(true);
    }
  });

  it('leaves relation lookups and `in` lists to MikroORM, with the same results', async () => {
    const author = await Author.create({ name: 'ann' }).save();
    t.em.clear();
    const { result, queries } = await captureQueries(() => Author.filter({ name: 'ann', age__isnull: true, id__in: [author.id] }));
    expect(queries.some((sql) => sql.startsWith('select *'))).to.equal(false);
    expect(result.map((a) => a.id)).to.deep.equal([author.id]);
  });
});
