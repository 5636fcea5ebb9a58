/**
 * Prepared statements (core/db/prepared-statement.ts) on PostgreSQL: a session asks the server to describe a named
 * statement's rows the first time it runs it, and reads every later run's rows with that description.
 */
import { expect } from 'chai';
import pg from 'pg';
import { useTestCase } from '../../testing/index.js';
import { currentEm, getOrm, runPrepared } from '../index.js';
import { isEmbeddedDriver } from '../embedded-driver.js';
import { authorsNamed } from './helpers.js';

describe('prepared statements on PostgreSQL', function () {
  useTestCase();
  let describes = 0;
  const original = pg.Connection.prototype.describe;

  beforeEach(function () {
    if (isEmbeddedDriver(getOrm().em.getDriver())) this.skip();
    describes = 0;
    pg.Connection.prototype.describe = function (this: pg.Connection, ...args: unknown[]) {
      describes++;
      return (original as (...a: unknown[]) => void).apply(this, args);
    } as typeof original;
  });
  afterEach(() => {
    pg.Connection.prototype.describe = original;
  });

  // New names in each test: a session keeps its statements (and their descriptions) from one test to the next.
  let byId: { name: string; text: string };
  let names: { name: string; text: string };
  let run = 0;
  beforeEach(() => {
    run++;
    byId = { name: `kit_test_author_by_id_${run}`, text: 'select "id", "name", "age", "created_at" from "kit_author" where "id" = $1' };
    names = { name: `kit_test_author_names_${run}`, text: 'select "name" from "kit_author" where "id" >= $1 order by "id"' };
  });

  it('describes a statement once a session and reads later runs with the same description', async () => {
    const [ann, bob] = await authorsNamed('ann', 'bob');
    const em = currentEm();
    const first = await runPrepared(em, byId, [ann!.id]);
    expect(describes).to.equal(1);
    const second = await runPrepared(em, byId, [bob!.id]);
    const third = await runPrepared(em, byId, [ann!.id]);
    expect(describes).to.equal(1);
    expect(first).to.deep.equal(third);
    expect(first[0]).to.include({ id: ann!.id, name: 'ann', age: null });
    expect(new Date(first[0]!.created_at as string).getTime()).to.equal(ann!.createdAt.getTime());
    expect(second[0]).to.include({ id: bob!.id, name: 'bob' });
  });

  it('describes each statement of its own, and reads no rows and many rows alike', async () => {
    const [ann] = await authorsNamed('ann', 'bob', 'cy');
    const em = currentEm();
    await runPrepared(em, byId, [ann!.id]);
    await runPrepared(em, names, [ann!.id]);
    expect(describes).to.equal(2);
    expect(await runPrepared(em, names, [ann!.id])).to.deep.equal([{ name: 'ann' }, { name: 'bob' }, { name: 'cy' }]);
    expect(await runPrepared(em, byId, [-1])).to.deep.equal([]);
    expect(describes).to.equal(2);
  });
});
