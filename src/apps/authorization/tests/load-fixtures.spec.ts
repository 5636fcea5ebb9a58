import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { Hero } from '../../hero/models/index.js';

describe('POST /default/fixtures/ (admins only: the original let anyone load them)', () => {
  const t = useTestCase({ fixtures: ['users'] });

  it('refuses anonymous callers and non-admins', async () => {
    expect((await t.client.post(t.urlFor('load-fixtures'))).status).to.equal(401);
    await t.client.login('test');
    expect((await t.client.post(t.urlFor('load-fixtures'))).status).to.equal(403);
  });

  it('loads INITIAL_FIXTURES for an admin; a second call, like a second `npm run seed`, finds every row unchanged', async () => {
    await t.client.login('fastapi');
    const first = await t.client.post(t.urlFor('load-fixtures'));
    expect(first.status).to.equal(200);
    expect(first.body).to.deep.equal({ status: 'SUCCESS', msg: 'Loading fixtures process finished.', loaded: 7, created: 7, updated: 0, unchanged: 0 });
    expect(await Hero.count()).to.equal(6);
    const again = await t.client.post(t.urlFor('load-fixtures'));
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal({ status: 'SUCCESS', msg: 'Loading fixtures process finished.', loaded: 7, created: 0, updated: 0, unchanged: 7 });
    expect(await Hero.count()).to.equal(6);
  });
});
