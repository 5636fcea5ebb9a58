/**
 * Model.updateOr404(filters, values): what `getOr404(filters)` + `assign(values)` + `save()` does, in one
 * `UPDATE … RETURNING *` when that is all the save would write, and by reading and saving otherwise.
 */
import { expect } from 'chai';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { NotFound } from '../../errors/index.js';
import { assertNumQueries, captureQueries, useTestCase } from '../../testing/index.js';
import { signals, transaction } from '../index.js';
import { KitAuthor as Author, KitBook as Book, KitPublisher as Publisher } from './models.js';
import { authorsNamed, rejects } from './helpers.js';

describe('Model.updateOr404', () => {
  const t = useTestCase();

  it('updates a row found by its id in one statement and returns it as a managed entity', async () => {
    const [ann] = await authorsNamed('ann');
    t.em.clear();
    const { result: updated, queries } = await captureQueries(() => Author.updateOr404({ id: ann!.id }, { age: 31, born_at: '2000-01-02T00:00:00Z' }));
    expect(queries).to.have.length(1);
    expect(queries[0]).to.match(/^update "kit_author" set .* returning \*$/);
    expect(updated).to.be.instanceOf(Author);
    expect(updated.toJSON()).to.include({ id: ann!.id, name: 'ann', age: 31, born_at: '2000-01-02T00:00:00.000Z' });
    expect(updated.updatedAt).to.be.instanceOf(Date);
    // Managed, with the returned row as its snapshot: one more change is one more update, and nothing else.
    await assertNumQueries(1, () => updated.assign({ rating: 4 }).save());
    t.em.clear();
    expect((await Author.getOr404({ id: ann!.id })).toJSON()).to.include({ age: 31, rating: 4 });
  });

  it('takes the id as `id__equals` too, in one statement', async () => {
    const [ann] = await authorsNamed('ann');
    t.em.clear();
    const updated = await assertNumQueries(1, () => Author.updateOr404({ id__equals: ann!.id }, { age: 5 }));
    expect(updated.age).to.equal(5);
  });

  it('answers 404 with the message given when no row has that id', async () => {
    const error = await rejects(() => Author.updateOr404({ id: 999_999 }, { age: 1 }, 'No such author.'), NotFound);
    expect(error.message).to.equal('No such author.');
    expect((await rejects(() => Author.updateOr404({ id: 999_999 }, { age: 1 }, { message: 'Gone.' }), NotFound)).message).to.equal('Gone.');
    expect((await rejects(() => Author.updateOr404({ id: 999_999 }, { age: 1 }), NotFound)).message).to.equal('KitAuthor not found.');
  });

  it('leaves updated_at alone when the row already holds the values, as a save does', async () => {
    const [ann] = await authorsNamed('ann');
    t.em.clear();
    const same = await assertNumQueries(1, () => Author.updateOr404({ id: ann!.id }, { name: 'ann', age: null }));
    expect(same.updatedAt).to.equal(null);
    t.em.clear();
    expect((await Author.getOr404({ id: ann!.id })).updatedAt).to.equal(null);
    t.em.clear();
    const changed = await Author.updateOr404({ id: ann!.id }, { name: 'ann', age: 3 });
    expect(changed.updatedAt).to.be.instanceOf(Date);
  });

  it('sets an update time the caller gives (untyped: assign takes it at run time)', async () => {
    const [ann] = await authorsNamed('ann');
    t.em.clear();
    const updated = await Author.updateOr404({ id: ann!.id }, { updated_at: '2001-02-03T04:05:06Z', age: 9 } as never);
    expect(updated.toJSON()).to.include({ updated_at: '2001-02-03T04:05:06.000Z', age: 9 });
  });

  it('sets relations by id', async () => {
    const publisher = await Publisher.create({ name: 'P' }).save();
    const [ann, bob] = await authorsNamed('ann', 'bob');
    const book = await Book.create({ title: 'B', publisher, author: ann }).save();
    t.em.clear();
    const moved = await assertNumQueries(1, () => Book.updateOr404({ id: book.id }, { author_id: bob!.id, summary: 'S' }));
    expect(moved.toJSON()).to.include({ author_id: bob!.id, summary: 'S', publisher_id: publisher.id });
  });

  it('throws what save() throws for a taken unique value, and changes nothing', async () => {
    const [ann] = await authorsNamed('ann', 'bob');
    t.em.clear();
    await rejects(() => Author.updateOr404({ id: ann!.id }, { name: 'bob' }), UniqueConstraintViolationException);
    t.em.clear();
    expect((await Author.getOr404({ id: ann!.id })).name).to.equal('ann');
  });

  it('joins the enclosing transaction and rolls back with it', async () => {
    const [ann] = await authorsNamed('ann');
    t.em.clear();
    await rejects(
      () =>
        transaction(async () => {
          await Author.updateOr404({ id: ann!.id }, { age: 50 });
          throw new Error('boom');
        }),
      Error,
    );
    t.em.clear();
    expect((await Author.getOr404({ id: ann!.id })).age).to.equal(null);
  });

  it('reads and saves a row already loaded in the context, and keeps its pending changes', async () => {
    const [ann] = await authorsNamed('ann');
    ann!.rating = 3;
    const updated = await Author.updateOr404({ id: ann!.id }, { age: 40 });
    expect(updated).to.equal(ann);
    t.em.clear();
    expect((await Author.getOr404({ id: ann!.id })).toJSON()).to.include({ age: 40, rating: 3 });
  });

  it('writes the other pending changes of the context too, as save() does', async () => {
    const [ann, bob] = await authorsNamed('ann', 'bob');
    t.em.clear();
    const loadedBob = await Author.getOr404({ id: bob!.id });
    loadedBob.rating = 2;
    await Author.updateOr404({ id: ann!.id }, { age: 40 });
    t.em.clear();
    expect((await Author.getOr404({ id: bob!.id })).rating).to.equal(2);
    expect((await Author.getOr404({ id: ann!.id })).age).to.equal(40);
  });

  it('finds the row by other lookups too (read, then saved)', async () => {
    await authorsNamed('ann');
    t.em.clear();
    const updated = await assertNumQueries(2, () => Author.updateOr404({ name: 'ann' }, { age: 7 }));
    expect(updated.age).to.equal(7);
  });

  describe('a model with update signals', () => {
    let off: Array<() => void> = [];
    const committed: string[] = [];
    beforeEach(() => {
      committed.length = 0;
      off = [
        signals.beforeUpdate(Author, (author, { changed }) => { if (changed.has('age') && author.age !== null) author.age *= 2; }),
        signals.afterCommit(Author, (author) => { committed.push(author.name); }),
      ];
    });
    afterEach(() => off.forEach((remove) => remove()));

    it('is read, assigned and saved, so its handlers run', async () => {
      const [ann] = await authorsNamed('ann');
      t.em.clear();
      committed.length = 0;
      const updated = await Author.updateOr404({ id: ann!.id }, { age: 21 });
      expect(updated.age).to.equal(42);
      expect(committed).to.deep.equal(['ann']);
      t.em.clear();
      expect((await Author.getOr404({ id: ann!.id })).age).to.equal(42);
    });
  });
});
