import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { User } from '../../user/models/index.js';
import { Hero } from '../models/index.js';

describe('heroes API', () => {
  const t = useTestCase({ fixtures: ['users', 'heroes'] });
  // Writes need create/update/delete:hero; the admin `fastapi` bypasses permission checks.
  beforeEach(() => t.client.login('fastapi'));

  it('lists heroes in id order, with offset and limit', async () => {
    const res = await t.client.get(t.urlFor('hero-list'));
    expect(res.status).to.equal(200);
    expect(res.body.map((h: { name: string }) => h.name)).to.deep.equal(['Spider-Boy', 'Superman', 'Deadpond', 'Iron man', 'Captain America', 'Rusty-Man']);
    const page = await t.client.get(t.urlFor('hero-list', {}, { offset: 1, limit: 2 }));
    expect(page.body.map((h: { name: string }) => h.name)).to.deep.equal(['Superman', 'Deadpond']);
    expect((await t.client.get(t.urlFor('hero-list', {}, { limit: 101 }))).status).to.equal(422);
  });

  it('gets one hero as the original JSON shape', async () => {
    const hero = (await Hero.get({ name: 'Superman' }))!;
    const owner = (await User.get({ username: 'test' }))!;
    const res = await t.client.get(t.urlFor('hero-get', { pk: hero.id }));
    expect(res.status).to.equal(200);
    expect(Object.keys(res.body)).to.deep.equal(['id', 'created_at', 'updated_at', 'name', 'secret_name', 'age', 'user_id']);
    expect(res.body).to.include({ id: hero.id, name: 'Superman', secret_name: 'Clark Kent', age: null, user_id: owner.id, updated_at: null });
    expect(res.body.created_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('answers 404 for a missing hero and 422 for a non-numeric id', async () => {
    const missing = await t.client.get('/api/heroes/999999/');
    expect(missing.status).to.equal(404);
    expect(missing.body).to.deep.equal({ detail: 'Hero not found.' });
    const bad = await t.client.get('/api/heroes/abc/');
    expect(bad.status).to.equal(422);
    expect(bad.body.detail[0].loc).to.deep.equal(['path', 'pk']);
  });

  it('answers with and without the trailing slash', async () => {
    expect((await t.client.get('/api/heroes')).status).to.equal(200);
    expect((await t.client.get('/api/heroes/')).status).to.equal(200);
  });

  it('creates a hero (201) and ignores keys it does not know', async () => {
    const res = await t.client.post(t.urlFor('hero-create')).send({ name: 'Dr. Strange', secret_name: 'Stephen', age: 40, id: 77, created_at: 'x' });
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ name: 'Dr. Strange', secret_name: 'Stephen', age: 40, user_id: null });
    expect(res.body.id).to.not.equal(77);
    expect(await Hero.count({ name: 'Dr. Strange' })).to.equal(1);
  });

  it('rejects a bad body with FastAPI-shaped 422 errors', async () => {
    const res = await t.client.post(t.urlFor('hero-create')).send({ name: 5, age: 'old' });
    expect(res.status).to.equal(422);
    const locs = res.body.detail.map((d: { loc: string[] }) => d.loc.join('.'));
    expect(locs).to.have.members(['body.name', 'body.secret_name', 'body.age']);
    expect(res.body.detail.find((d: { loc: string[] }) => d.loc[1] === 'secret_name')).to.include({ type: 'missing', msg: 'Field required' });
  });

  it('answers 400 for malformed JSON and 413 for a huge body', async () => {
    const malformed = await t.client.post(t.urlFor('hero-create')).set('Content-Type', 'application/json').send('{"name": ');
    expect(malformed.status).to.equal(400);
    expect(malformed.body.detail).to.match(/^Malformed JSON body/);
    const huge = await t.client.post(t.urlFor('hero-create')).send({ name: 'x'.repeat(2 * 1024 * 1024), secret_name: 'y' });
    expect(huge.status).to.equal(413);
  });

  it('answers 422 for a user_id that does not exist', async () => {
    const res = await t.client.post(t.urlFor('hero-create')).send({ name: 'A', secret_name: 'B', user_id: 999999 });
    expect(res.status).to.equal(422);
    expect(res.body.detail[0].loc).to.deep.equal(['body', 'user_id']);
    // The test's transaction is still usable after the failed write.
    expect(await Hero.count()).to.equal(6);
  });

  it('replaces a hero with PUT and patches some fields with PATCH', async () => {
    const hero = (await Hero.get({ name: 'Deadpond' }))!;
    const put = await t.client.put(t.urlFor('hero-update', { pk: hero.id })).send({ name: 'Deadpool', secret_name: 'Wade Wilson' });
    expect(put.status).to.equal(200);
    expect(put.body).to.include({ name: 'Deadpool', secret_name: 'Wade Wilson' });
    expect(put.body.updated_at).to.be.a('string');
    const patch = await t.client.patch(t.urlFor('hero-patch', { pk: hero.id })).send({ age: 30 });
    expect(patch.body).to.include({ name: 'Deadpool', age: 30 });
    const all = await t.client.patch(t.urlFor('hero-patch', { pk: hero.id })).send({ name: 'a', secret_name: 'b', age: 1, user_id: null });
    expect(all.status).to.equal(400);
    expect(all.body).to.deep.equal({ detail: 'Cannot use PATCH to update entire registry, use PUT instead.' });
    expect((await t.client.put(t.urlFor('hero-update', { pk: hero.id })).send({ name: 'only' })).status).to.equal(422);
    expect((await t.client.put('/api/heroes/999999/').send({ name: 'a', secret_name: 'b' })).status).to.equal(404);
  });

  it('deletes a hero with 204 and no body', async () => {
    const hero = (await Hero.get({ name: 'Rusty-Man' }))!;
    const res = await t.client.delete(t.urlFor('hero-delete', { pk: hero.id }));
    expect(res.status).to.equal(204);
    expect(res.text).to.equal('');
    expect(await Hero.exists({ id: hero.id })).to.equal(false);
    expect((await t.client.delete(t.urlFor('hero-delete', { pk: hero.id }))).status).to.equal(404);
  });
});
