/**
 * The compiled write path: a save that is one plain insert or update sends one prepared statement (`$n`
 * parameters) built from MikroORM's metadata, and the unit of work ends as after MikroORM's own flush: the row is
 * managed, in the identity map, and diffs correctly on the next save. Anything else (signal receivers, flush
 * subscribers, several rows) goes through MikroORM's flush, which inlines the values into its SQL.
 */
import { expect } from 'chai';
import type { EventSubscriber } from '@mikro-orm/core';
import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException, ValidationError } from '@mikro-orm/core';
import { captureQueries, useTestCase } from '../../testing/index.js';
import { describeDatabaseError, getOrm, signals, transaction, withContext } from '../index.js';
import { setCompiledWrites } from '../compiled-write.js';
import { KitAuthor as Author, KitBook as Book, KitPublisher as Publisher, KitTag as Tag } from './models.js';
import { rejects } from './helpers.js';

/** The statements `fn` sends, transaction control included. */
async function sent(fn: () => Promise<unknown>): Promise<string[]> {
  return (await captureQueries(fn, { includeTxControl: true })).queries;
}

/** Runs `fn` with the compiled write path off, then on; returns both errors it threw. */
async function bothWays(fn: () => Promise<unknown>): Promise<[unknown, unknown]> {
  const errors: unknown[] = [];
  for (const enabled of [false, true]) {
    setCompiledWrites(enabled);
    try {
      await fn();
      errors.push(undefined);
    } catch (error) {
      errors.push(error);
    } finally {
      setCompiledWrites(true);
    }
  }
  return errors as [unknown, unknown];
}

describe('compiled writes', () => {
  const t = useTestCase();

  it('inserts with one prepared statement; the row is then managed and in the identity map', async () => {
    const born = new Date('1990-05-17T08:09:10.123Z');
    const author = Author.create({ name: 'Ann', age: 30, born_at: born, tags: ['a', 'b;c'] });
    const queries = await sent(() => author.save());
    expect(queries.filter((q) => !/^(savepoint|release)/.test(q))).to.deep.equal([
      'insert into "kit_author" ("created_at", "updated_at", "name", "email", "age", "rating", "active", "born_at", "status", "tags", "secret_note") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning "id"',
    ]);
    expect(author.id).to.be.a('number');
    expect(t.em.getUnitOfWork().getById(Author.name, author.id)).to.equal(author);
    expect(await Author.get({ id: author.id })).to.equal(author);
    // What the database stored: dates in UTC to the millisecond, JSON as JSON.
    t.em.clear();
    const stored = await Author.getOr404({ id: author.id });
    expect(stored).to.not.equal(author);
    expect(stored.bornAt!.toISOString()).to.equal(born.toISOString());
    expect(stored.createdAt.getTime()).to.equal(author.createdAt.getTime());
    expect(stored).to.include({ name: 'Ann', age: 30, rating: 0, active: true, status: 'draft', updatedAt: null });
    expect(stored.tags).to.deep.equal(['a', 'b;c']);
  });

  it('a change after the insert is one update of the changed columns; no change sends nothing', async () => {
    const author = await Author.create({ name: 'Ann', age: 30 }).save();
    author.age = 31;
    const update = (await sent(() => author.save())).filter((q) => !/^(savepoint|release)/.test(q));
    expect(update).to.deep.equal(['update "kit_author" set "age" = $1, "updated_at" = $2 where "id" = $3']);
    expect(author.updatedAt).to.be.instanceOf(Date);
    expect((await sent(() => author.save())).filter((q) => !/^(savepoint|release)/.test(q))).to.deep.equal([]);
    author.assign({ name: 'Ann B', email: 'ann@example.com' });
    await author.save();
    t.em.clear();
    expect(await Author.getOr404({ id: author.id })).to.include({ name: 'Ann B', email: 'ann@example.com', age: 31 });
  });

  it('a loaded row changes with one update, and refresh() and delete() work after compiled writes', async () => {
    const { id } = await Author.create({ name: 'Ann' }).save();
    t.em.clear();
    const author = await Author.getOr404({ id });
    author.rating = 4.5;
    await author.save();
    author.rating = 0; // not saved: refresh() reads the stored row again
    await author.refresh();
    expect(author.rating).to.equal(4.5);
    await author.delete();
    expect(await Author.count({ id })).to.equal(0);
  });

  it('writes a relation as its id, and a book with collections is still one insert', async () => {
    const publisher = await Publisher.create({ name: 'Pub' }).save();
    const author = await Author.create({ name: 'Ann' }).save();
    const book = Book.create({ title: 'One', publisher, author });
    const queries = (await sent(() => book.save())).filter((q) => !/^(savepoint|release)/.test(q));
    expect(queries).to.have.length(1);
    expect(queries[0], queries[0]).to.match(/^insert into "kit_book" .*\$1.* returning "id"$/);
    t.em.clear();
    const stored = await Book.getOr404({ id: book.id });
    expect(stored.author!.id).to.equal(author.id);
    expect(stored.publisher.id).to.equal(publisher.id);
    // The collection was snapshotted: adding to it later is a write of its own.
    expect((await stored.genres.loadCount())).to.equal(0);
    const other = await Author.create({ name: 'Bob' }).save();
    stored.author = other;
    const update = (await sent(() => stored.save())).filter((q) => !/^(savepoint|release)/.test(q));
    expect(update).to.deep.equal(['update "kit_book" set "author_id" = $1, "updated_at" = $2 where "id" = $3']);
    t.em.clear();
    expect((await Book.getOr404({ id: book.id })).author!.id).to.equal(other.id);
  });

  it('a unique violation is the same exception and description as through MikroORM, and the row can be saved once fixed', async () => {
    await Author.create({ name: 'Taken' }).save();
    const duplicate = Author.create({ name: 'Taken' });
    const [viaOrm, compiled] = await bothWays(() => duplicate.save());
    expect(viaOrm).to.be.instanceOf(UniqueConstraintViolationException);
    expect(compiled).to.be.instanceOf(UniqueConstraintViolationException);
    expect(describeDatabaseError(compiled)).to.deep.equal(describeDatabaseError(viaOrm));
    expect(describeDatabaseError(compiled)!.message).to.match(/Key \(name\)=\(Taken\) already exists/);
    expect((compiled as Error).message).to.match(/^insert into "kit_author" .* - duplicate key value/);
    duplicate.name = 'Free';
    await duplicate.save();
    expect(await Author.count()).to.equal(2);
  });

  it('a foreign-key violation and a missing required value fail as through MikroORM', async () => {
    const publisher = await Publisher.create({ name: 'Pub' }).save();
    const orphan = Book.create({ title: 'Orphan', publisher });
    (orphan as unknown as { author: unknown }).author = t.em.getReference(Author, 987654);
    const [fkOrm, fkCompiled] = await bothWays(() => orphan.save());
    expect(fkOrm).to.be.instanceOf(ForeignKeyConstraintViolationException);
    expect(fkCompiled).to.be.instanceOf(ForeignKeyConstraintViolationException);
    expect(describeDatabaseError(fkCompiled)).to.deep.equal(describeDatabaseError(fkOrm));

    const nameless = Author.create({ name: 'x' });
    (nameless as unknown as { name: unknown }).name = undefined;
    const [requiredOrm, requiredCompiled] = await bothWays(() => nameless.save());
    expect(requiredOrm).to.be.instanceOf(ValidationError);
    expect((requiredCompiled as Error).message).to.equal((requiredOrm as Error).message);
    expect(nameless.id).to.equal(undefined);
  });

  it('a number out of its column’s range fails as through MikroORM', async () => {
    const author = await Author.create({ name: 'Ann' }).save();
    author.age = 2 ** 31;
    const [viaOrm, compiled] = await bothWays(() => author.save());
    expect(describeDatabaseError(viaOrm)!.kind).to.equal('out_of_range');
    expect(describeDatabaseError(compiled)).to.deep.equal(describeDatabaseError(viaOrm));
  });

  it("inside transaction() it writes on the transaction's connection and rolls back with it", async () => {
    let queries: string[] = [];
    await rejects(
      () =>
        transaction(async () => {
          queries = await sent(() => Author.create({ name: 'inside' }).save());
          expect(await Author.count({ name: 'inside' })).to.equal(1);
          throw new Error('roll back');
        }),
      Error,
    );
    expect(queries.filter((q) => q.startsWith('insert'))).to.have.length(1);
    expect(queries.find((q) => q.startsWith('insert'))).to.include('$1');
    expect(await Author.count({ name: 'inside' })).to.equal(0);
  });

  describe('falls back to MikroORM’s flush', () => {
    let off: Array<() => void> = [];
    afterEach(() => {
      off.forEach((remove) => remove());
      off = [];
    });

    /** True when the write's SQL has its values inlined (MikroORM's own flush), not `$n` parameters. */
    const inlined = (queries: string[]) => queries.some((q) => /^(insert|update)/.test(q)) && !queries.some((q) => /^(insert|update).*\$1/.test(q));

    it('for a model with a before- or after-handler, and the handlers run', async () => {
      const seen: string[] = [];
      off = [
        signals.beforeInsert(Author, (author) => void seen.push(`before ${author.name}`)),
        signals.afterUpdate(Author, (author) => void seen.push(`after ${author.name}`)),
      ];
      const author = Author.create({ name: 'Ann' });
      expect(inlined(await sent(() => author.save()))).to.equal(true);
      author.age = 3;
      expect(inlined(await sent(() => author.save()))).to.equal(true);
      expect(seen).to.deep.equal(['before Ann', 'after Ann']);
    });

    it('but an afterCommit receiver does not need it: the write is compiled and the receiver runs', async () => {
      const seen: string[] = [];
      off = [signals.afterCommit(Author, (author) => void seen.push(author.name))];
      const queries = await sent(() => transaction(() => Author.create({ name: 'Ann' }).save()));
      expect(inlined(queries)).to.equal(false);
      expect(seen).to.deep.equal(['Ann']);
    });

    it('for a flush subscriber of the project, which still sees the flush', async () => {
      const flushes: number[] = [];
      const subscriber: EventSubscriber = { onFlush: ({ uow }) => void flushes.push(uow.getChangeSets().length) };
      const events = getOrm().em.getEventManager();
      events.registerSubscriber(subscriber);
      off = [() => events.getSubscribers().delete(subscriber)];
      expect(inlined(await sent(() => Author.create({ name: 'Ann' }).save()))).to.equal(true);
      expect(flushes[0]).to.equal(1);
    });

    it('for two rows at once (bulkSave)', async () => {
      expect(inlined(await sent(() => Tag.bulkSave([Tag.create({ name: 'a' }), Tag.create({ name: 'b' })])))).to.equal(true);
      expect(await Tag.count()).to.equal(2);
    });
  });
});

describe('compiled writes outside a transaction', () => {
  afterEach(() =>
    withContext(async () => {
      await Author.truncate();
      await Tag.truncate();
    }),
  );

  it('are one statement each, with no begin or commit, and leave the row managed', async () => {
    await withContext(async () => {
      const author = Author.create({ name: 'Ann' });
      const insert = await sent(() => author.save());
      expect(insert).to.have.length(1);
      expect(insert[0]).to.match(/^insert into "kit_author" .*\$1.* returning "id"$/);
      author.age = 5;
      expect(await sent(() => author.save())).to.deep.equal(['update "kit_author" set "age" = $1, "updated_at" = $2 where "id" = $3']);
      expect(await Author.get({ id: author.id })).to.equal(author);
    });
    expect(await withContext(async () => (await Author.getOr404({ name: 'Ann' })).age)).to.equal(5);
  });

  it('a failed insert leaves nothing queued and the entity unsaved', async () => {
    await withContext(() => Author.create({ name: 'Taken' }).save());
    await withContext(async () => {
      const duplicate = Author.create({ name: 'Taken' });
      await rejects(() => duplicate.save(), UniqueConstraintViolationException);
      expect(duplicate.id).to.equal(undefined);
      expect(await sent(() => Tag.create({ name: 'next' }).save())).to.have.length(1);
      duplicate.name = 'Free';
      await duplicate.save();
      expect(duplicate.id).to.be.a('number');
    });
    expect(await withContext(() => Author.count())).to.equal(2);
  });
});
