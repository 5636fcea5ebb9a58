/**
 * The hero list's query, derived from the model by `listQuery`: filters with lookups, ordering, offset and
 * limit; anything else is a 422 that lists the parameters allowed.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';

describe('GET /api/heroes/ filters, orders and paginates', () => {
  const t = useTestCase({ fixtures: ['users', 'heroes'] });
  const list = (query: Record<string, string | number>) => t.client.get(t.urlFor('hero-list', {}, query));
  const names = (body: Array<{ name: string }>) => body.map((hero) => hero.name);

  it('filters with the model lookups: ?age__gte=50&name__icontains=man', async () => {
    const res = await list({ age__gte: 50, name__icontains: 'man' });
    expect(res.status).to.equal(200);
    expect(names(res.body)).to.deep.equal(['Iron man']);
    expect(names((await list({ name: 'Superman' })).body)).to.deep.equal(['Superman']);
    expect(names((await list({ age__isnull: 'true' })).body)).to.deep.equal(['Spider-Boy', 'Superman', 'Deadpond']);
  });

  it('orders by ?order_by=-age,name (a leading - descends)', async () => {
    const res = await list({ order_by: '-age,name', age__isnull: 'false' });
    expect(res.status).to.equal(200);
    expect(res.body.map((h: { age: number }) => h.age)).to.deep.equal([107, 55, 48]);
  });

  it('keeps the bare array with offset and limit (defaults 0 and 100)', async () => {
    const res = await list({ offset: 1, limit: 2, order_by: 'id' });
    expect(res.body).to.be.an('array').with.length(2);
    expect(names(res.body)).to.deep.equal(['Superman', 'Deadpond']);
  });

  it('answers 422 for an unknown parameter or lookup, listing the parameters allowed', async () => {
    const res = await list({ age__foo: 1 });
    expect(res.status).to.equal(422);
    expect(res.body.detail[0].loc).to.deep.equal(['query']);
    expect(res.body.detail[0].msg).to.match(/^Unknown query parameter 'age__foo'\. Allowed: name, name__icontains, .*age__gte, .*order_by, offset, limit\.$/);
    const unknown = await list({ secret: 'x' });
    expect(unknown.status).to.equal(422);
    expect(unknown.body.detail[0].msg).to.include("'secret'");
  });

  it('answers 422 for a value of the wrong type and for an order field not allowed', async () => {
    const bad = await list({ age__gte: 'old' });
    expect(bad.status).to.equal(422);
    expect(bad.body.detail[0].loc).to.deep.equal(['query', 'age__gte']);
    const order = await list({ order_by: '-secret_name' });
    expect(order.status).to.equal(422);
    expect(order.body.detail[0].msg).to.equal("Cannot order by '-secret_name'. Order by: id, name, age, created_at (a leading - descends; comma-separated).");
  });

  it('documents every parameter in OpenAPI', async () => {
    const doc = (await t.client.get('/openapi.json')).body;
    const params = doc.paths['/api/heroes/'].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(params).to.include.members(['query:age__gte', 'query:name__icontains', 'query:order_by', 'query:offset', 'query:limit']);
  });
});
