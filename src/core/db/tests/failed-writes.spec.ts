import { expect } from 'chai';
import { signals } from '../index.js';
import { useTestCase } from '../../testing/index.js';
import { KitAuthor, KitTag } from './models.js';

describe('a failed write leaves entities unsaved, so a retry writes them', () => {
  useTestCase();

  it('after a bulkSave that failed on a later row', async () => {
    await KitTag.create({ name: 'taken' }).save();
    const fresh = KitTag.create({ name: 'fresh' });
    const clash = KitTag.create({ name: 'taken' });
    let failed = false;
    try { await KitTag.bulkSave([fresh, clash]); } catch { failed = true; }
    expect(failed).to.equal(true);
    expect(fresh.id).to.equal(undefined);
    clash.name = 'other';
    await KitTag.bulkSave([fresh, clash]);
    expect((await KitTag.all()).map((t) => t.name).sort()).to.deep.equal(['fresh', 'other', 'taken']);
  });

  it('after an after-handler threw once', async () => {
    let fail = true;
    const off = signals.afterInsert(KitAuthor, () => {
      if (fail) { fail = false; throw new Error('once'); }
    });
    try {
      const author = KitAuthor.create({ name: 'retry' });
      let failed = false;
      try { await author.save(); } catch { failed = true; }
      expect(failed).to.equal(true);
      await author.save();
      expect(await KitAuthor.count({ name: 'retry' })).to.equal(1);
    } finally {
      off();
    }
  });
});
