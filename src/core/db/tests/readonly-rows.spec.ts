/**
 * Read-only rows (`readonly: true`, what listQuery reads): instances of the model that serialize as tracked
 * entities do, are not in the context's identity map, and refuse to be saved, deleted or refreshed.
 */
import { expect } from 'chai';
import { captureQueries, useTestCase } from '../../testing/index.js';
import { listQuery } from '../index.js';
import { KitAuthor as Author, KitBook as Book, KitPublisher as Publisher } from './models.js';

describe('read-only rows', () => {
  const t = useTestCase();

  it('serialize as tracked rows, are instances of the model, and are not tracked', async () => {
    for (const [name, age] of [['ann', 30], ['bob', null]] as const) await Author.create({ name, age }).save();
    t.em.clear();
    const { result: rows, queries } = await captureQueries(() => Author.all({ readonly: true }));
    expect(queries).to.have.length(1);
    const tracked = await Author.all();
    expect(JSON.stringify(rows)).to.equal(JSON.stringify(tracked));
    expect(rows[0]).to.be.instanceOf(Author);
    expect(rows[0]!.createdAt).to.be.instanceOf(Date);
    expect(rows[0]).to.not.equal(tracked[0]);
    expect(Object.keys(rows[0]!)).to.include.members(['id', 'name', 'age']);
  });

  it('refuse save(), delete() and refresh() with an error saying how to read them tracked; nothing is written', async () => {
    await Author.create({ name: 'ann', age: 30 }).save();
    t.em.clear();
    const [row] = await Author.filter({ name: 'ann' }, { readonly: true });
    row!.age = 99;
    for (const action of [() => row!.save(), () => row!.delete(), () => row!.refresh()]) {
      let error: unknown;
      try {
        await action();
      } catch (caught) {
        error = caught;
      }
      expect(String(error)).to.match(/read with \{ readonly: true \}.*Read it again without readonly to change it/);
    }
    t.em.clear();
    expect(await Author.count()).to.equal(1);
    expect((await Author.getOr404({ name: 'ann' })).age).to.equal(30);
  });

  it('are read-only on the paths MikroORM reads too (eager relations, relation lookups), relations included', async () => {
    const ann = await Author.create({ name: 'ann' }).save();
    const press = await Publisher.create({ name: 'Press' }).save();
    await Book.create({ title: 'One', author: ann, publisher: press }).save();
    t.em.clear();
    const [book] = await Book.all({ readonly: true });
    expect(book!.author!.id).to.equal(ann.id);
    expect(book!.publisher.name).to.equal('Press');
    const [viaJoin] = await Book.filter({ author__name: 'ann' }, { readonly: true });
    expect(viaJoin!.title).to.equal('One');
    let error: unknown;
    try {
      await viaJoin!.save();
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).to.match(/readonly/);
  });

  it('listQuery reads read-only unless told otherwise, on both paginations', async () => {
    await Author.create({ name: 'ann' }).save();
    const [row] = await listQuery(Author, {}).run({ offset: 0, limit: 10 });
    const page = await listQuery(Author, { pagination: 'page' }).run({ page: 1, size: 10 });
    const [tracked] = await listQuery(Author, { readonly: false }).run({ offset: 0, limit: 10 });
    await tracked!.assign({ age: 5 }).save();
    for (const item of [row!, page.items[0]!]) {
      let error: unknown;
      try {
        await item.save();
      } catch (caught) {
        error = caught;
      }
      expect(String(error)).to.match(/readonly/);
    }
  });
});
