import { expect } from 'chai';
import pg from 'pg';
import { isDatabaseOutage, redactedError, statementShape } from '../index.js';
import { freePort } from '../../testing/processes.js';
import { useTestCase } from '../../testing/index.js';
import { Tag } from './models.js';

describe('database errors: outages and logs without values', () => {
  useTestCase();

  it('calls a refused connection an outage', async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/postgres` });
    const error = await client.connect().then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    expect(isDatabaseOutage(error)).to.equal(true);
  });

  it('does not call a constraint error an outage, and logs it without the values of the statement', async () => {
    const secret = "s3cret 'value' 4242";
    await Tag.create({ name: secret }).save();
    const error = await Tag.create({ name: secret }).save().then(() => undefined, (e: unknown) => e);
    expect(isDatabaseOutage(error)).to.equal(false);
    expect(String((error as Error).message)).to.include('4242');
    const logged = JSON.stringify(redactedError(error));
    expect(logged).to.not.include('s3cret');
    expect(logged).to.not.include('4242');
    expect(logged).to.include('insert into');
  });

  it('keeps the shape of a statement: literals become ?', () => {
    expect(statementShape(`select "t0".* from "users" as "t0" where "t0"."username" = 'admin' and "t0"."id" > 42 limit 1`))
      .to.equal(`select "t0".* from "users" as "t0" where "t0"."username" = ? and "t0"."id" > ? limit ?`);
    expect(statementShape(`insert into "post" ("title") values ('it''s'), ($$a;b$$), (E'x\\'y')`)).to.equal(`insert into "post" ("title") values (?), (?), (?)`);
  });
});
