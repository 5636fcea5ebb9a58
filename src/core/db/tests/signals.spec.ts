/**
 * Model signals: handlers around save, delete, bulkSave and bulkDelete (not truncate).
 * Each test registers its handlers and removes them afterwards.
 */
import { expect } from 'chai';
import { useTestCase } from '../../testing/index.js';
import { signals, transaction } from '../index.js';
import { Author, Tag } from './models.js';
import { names, rejects } from './helpers.js';

describe('signals', () => {
  const t = useTestCase();
  const stops: Array<() => unknown> = [];
  /** Registers a handler for this test only. */
  const on = (stop: () => unknown) => void stops.push(stop);
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('a beforeInsert handler may change the row before it is written', async () => {
    on(signals.beforeInsert(Tag, (tag) => void (tag.name = tag.name.trim().toLowerCase())));
    const tag = await Tag.create({ name: '  SF ' }).save();
    t.em.clear();
    expect((await Tag.getOr404({ id: tag.id })).name).to.equal('sf');
  });

  it('a throwing before* handler aborts the write and reaches the caller', async () => {
    on(signals.beforeInsert(Tag, (tag) => {
      if (tag.name === 'forbidden') throw new Error('no');
    }));
    on(signals.beforeDelete(Tag, () => {
      throw new Error('keep it');
    }));
    await rejects(() => Tag.create({ name: 'forbidden' }).save(), Error);
    const kept = await Tag.create({ name: 'kept' }).save();
    await rejects(() => kept.delete(), Error);
    expect(await storedTags()).to.deep.equal(['kept']);

    async function storedTags() {
      return (await t.em.execute<Array<{ name: string }>>('select name from kit_tag order by id')).map((row) => row.name);
    }
  });

  it('beforeUpdate sees which properties change', async () => {
    const changes: string[][] = [];
    on(signals.beforeUpdate(Author, (_author, { changed }) => void changes.push([...changed].sort())));
    const ann = await Author.create({ name: 'Ann' }).save();
    await ann.assign({ age: 3, rating: 1 }).save();
    expect(changes).to.have.length(1);
    expect(changes[0]).to.include.members(['age', 'rating']);
    expect(changes[0]).to.not.include('name');
  });

  it('an afterInsert handler sees the id and may persist more rows, written with the save', async () => {
    on(signals.afterInsert(Author, (author, { em }) => {
      expect(author.id).to.be.a('number');
      em.persist(Tag.create({ name: `author:${author.id}` }));
    }));
    const ann = await Author.create({ name: 'Ann' }).save();
    t.em.clear();
    expect(names(await Tag.all())).to.deep.equal([`author:${ann.id}`]);
  });

  it('a throwing after* handler rolls the write back', async () => {
    on(signals.afterInsert(Author, () => {
      throw new Error('after');
    }));
    await rejects(() => Author.create({ name: 'Ann' }).save(), Error);
    expect(await t.em.count(Author, {})).to.equal(0);
  });

  it('afterCommit runs once the outermost transaction has committed, never after a rollback', async () => {
    const seen: string[] = [];
    on(signals.afterCommit(Tag, (tag) => void seen.push(tag.name)));

    await transaction(async () => {
      await Tag.create({ name: 'a' }).save();
      expect(seen).to.deep.equal([]);
    });
    expect(seen).to.deep.equal(['a']);

    await rejects(
      () =>
        transaction(async () => {
          await Tag.create({ name: 'b' }).save();
          throw new Error('rollback');
        }),
      Error,
    );
    expect(seen).to.deep.equal(['a']);
  });

  it('fire for bulkSave, once per row, and not for truncate', async () => {
    const inserted: string[] = [];
    const deleted: string[] = [];
    on(signals.afterInsert(Tag, (tag) => void inserted.push(tag.name)));
    on(signals.afterDelete(Tag, (tag) => void deleted.push(tag.name)));
    await Tag.bulkSave([Tag.create({ name: 'a' }), Tag.create({ name: 'b' })]);
    expect(inserted.sort()).to.deep.equal(['a', 'b']);
    expect(await Tag.truncate()).to.equal(2);
    expect(deleted).to.deep.equal([]);
  });
});
