/**
 * bulkSave and bulkDelete write many rows at once, atomically: all of them or none.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { expect } from 'chai';
import { useTestCase } from '../../testing/index.js';
import { signals } from '../index.js';
import { KitTag } from './models.js';
import { names, rejects } from './helpers.js';

/** Names stored in kit_tag, read with SQL (not through the identity map), sorted. */
async function storedNames(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<Array<{ name: string }>>('select name from kit_tag order by name');
  return rows.map((row) => row.name);
}

describe('bulk writes', () => {
  const t = useTestCase();

  describe('bulkSave', () => {
    it('inserts every new row and returns them with their ids', async () => {
      const tags = ['a', 'b', 'c'].map((name) => KitTag.create({ name }));

      const saved = await KitTag.bulkSave(tags);

      expect(saved).to.deep.equal(tags);
      expect(saved.every((tag) => Number.isInteger(tag.id))).to.equal(true);
      expect(new Set(saved.map((tag) => tag.id)).size).to.equal(3);
      expect(await storedNames(t.em)).to.deep.equal(['a', 'b', 'c']);
    });

    it('updates existing rows and inserts new ones in the same call', async () => {
      const a = await KitTag.create({ name: 'a' }).save();
      a.name = 'a2';

      await KitTag.bulkSave([a, KitTag.create({ name: 'b' })]);

      expect(await storedNames(t.em)).to.deep.equal(['a2', 'b']);
      expect(a.updatedAt).to.be.instanceOf(Date);
    });

    it('writes nothing when one row of the batch breaks a unique constraint', async () => {
      await KitTag.create({ name: 'taken' }).save();

      await rejects(() => KitTag.bulkSave([KitTag.create({ name: 'new 1' }), KitTag.create({ name: 'taken' }), KitTag.create({ name: 'new 2' })]), UniqueConstraintViolationException);

      expect(await storedNames(t.em)).to.deep.equal(['taken']);
    });

    it('writes nothing when the failing statement comes after successful ones (insert then update)', async () => {
      await KitTag.create({ name: 'a' }).save();
      const b = await KitTag.create({ name: 'b' }).save();
      b.name = 'a';

      await rejects(() => KitTag.bulkSave([KitTag.create({ name: 'fresh' }), b]), UniqueConstraintViolationException);

      expect(await storedNames(t.em)).to.deep.equal(['a', 'b']);
    });

    it('saves nothing and runs no query for an empty list', async () => {
      expect(await t.assertNumQueries(0, () => KitTag.bulkSave([]))).to.deep.equal([]);
    });
  });

  describe('bulkDelete', () => {
    it('deletes every row given, and only those', async () => {
      const [a, b, c] = await KitTag.bulkSave(['a', 'b', 'c'].map((name) => KitTag.create({ name })));

      await KitTag.bulkDelete([a!, c!]);

      expect(names(await KitTag.all())).to.deep.equal(['b']);
      expect(await storedNames(t.em)).to.deep.equal(['b']);
      expect(await b!.exists()).to.equal(true);
    });

    it('fires the delete signals once per row', async () => {
      const tags = await KitTag.bulkSave(['a', 'b', 'c'].map((name) => KitTag.create({ name })));
      const deleted: string[] = [];
      const stop = signals.afterDelete(KitTag, (tag) => void deleted.push(tag.name));
      try {
        await KitTag.bulkDelete(tags);
      } finally {
        stop();
      }
      expect(deleted.sort()).to.deep.equal(['a', 'b', 'c']);
    });

    it('deletes nothing when the batch fails after its DELETE ran', async () => {
      const tags = await KitTag.bulkSave(['a', 'b', 'c'].map((name) => KitTag.create({ name })));
      const stop = signals.afterDelete(KitTag, (tag) => {
        if (tag.name === 'b') throw new Error('b must stay');
      });
      try {
        const error = await rejects(() => KitTag.bulkDelete(tags), Error);
        expect(error.message).to.equal('b must stay');
      } finally {
        stop();
      }
      expect(await storedNames(t.em)).to.deep.equal(['a', 'b', 'c']);
    });
  });
});
