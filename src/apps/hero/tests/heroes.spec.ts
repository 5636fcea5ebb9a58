import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { scanEveryResponse } from '../../authentication/tests/no-secrets.js';
import { Hero } from '../models/index.js';
import { Group, User } from '../../user/models/index.js';

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

  it('sends JSON with its type, length and ETag; a matching If-None-Match is a 304, HEAD has no body', async () => {
    const hero = (await Hero.get({ name: 'Superman' }))!;
    const res = await t.client.get(t.urlFor('hero-get', { pk: hero.id }));
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).to.equal(Buffer.byteLength(JSON.stringify(res.body)));
    expect(res.headers.etag).to.match(/^W\/"[0-9a-f]+-.+"$/);
    const again = await t.client.get(t.urlFor('hero-get', { pk: hero.id })).set('If-None-Match', res.headers.etag!);
    expect(again.status).to.equal(304);
    expect(again.text).to.equal('');
    await hero.assign({ age: 40 }).save();
    const changed = await t.client.get(t.urlFor('hero-get', { pk: hero.id })).set('If-None-Match', res.headers.etag!);
    expect(changed.status).to.equal(200);
    expect(changed.body.age).to.equal(40);
    const head = await t.client.head(t.urlFor('hero-get', { pk: hero.id }));
    expect(head.status).to.equal(200);
    expect(head.headers['content-length']).to.equal(changed.headers['content-length']);
    expect(head.text ?? '').to.equal('');
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

  it('gives one error per field for a huge number: the bound of the field itself, not also the safe-integer limit', async () => {
    const send = (age: string) => t.client.post(t.urlFor('hero-create')).set('Content-Type', 'application/json').send(`{"name": "A", "secret_name": "B", "age": ${age}}`);
    const thirtyDigits = await send('123456789012345678901234567890');
    expect(thirtyDigits.status).to.equal(422);
    expect(thirtyDigits.body.detail).to.deep.equal([{ type: 'too_big', loc: ['body', 'age'], msg: 'Too big: expected number to be <=10000' }]);
    const overflow = await send('1e400'); // JSON.parse makes it Infinity
    expect(overflow.status).to.equal(422);
    expect(overflow.body.detail).to.have.length(1);
    expect(overflow.body.detail[0]).to.include({ type: 'invalid_type' }).and.to.deep.include({ loc: ['body', 'age'] });
    const tooSmall = await send('-123456789012345678901234567890');
    expect(tooSmall.body.detail).to.have.length(1);
    expect(tooSmall.body.detail[0]).to.include({ type: 'too_small' });
    expect(await Hero.count()).to.equal(6);
  });

  it('answers 422 for a user_id that does not exist', async () => {
    const res = await t.client.post(t.urlFor('hero-create')).send({ name: 'A', secret_name: 'B', user_id: 999999 });
    expect(res.status).to.equal(422);
    expect(res.body.detail[0].loc).to.deep.equal(['body', 'user_id']);
    // The test's transaction is still usable after the failed write.
    expect(await Hero.count()).to.equal(6);
  });

  it('PUT needs name and secret_name and applies the other fields only when sent', async () => {
    const hero = (await Hero.get({ name: 'Iron man' }))!;
    const res = await t.client.put(t.urlFor('hero-update', { pk: hero.id })).send({ name: 'Iron Man', secret_name: 'Anthony Stark' });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ name: 'Iron Man', secret_name: 'Anthony Stark', age: 55 });
    const cleared = await t.client.put(t.urlFor('hero-update', { pk: hero.id })).send({ name: 'Iron Man', secret_name: 'Anthony Stark', age: null, user_id: null });
    expect(cleared.body).to.include({ age: null, user_id: null });
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
    const missing = await t.client.put('/api/heroes/999999/').send({ name: 'a', secret_name: 'b' });
    expect(missing.status).to.equal(404);
    expect(missing.body).to.deep.equal({ detail: 'Hero not found.' });
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

describe('heroes API permissions', () => {
  const t = useTestCase({ fixtures: ['users', 'heroes'] });
  scanEveryResponse();
  const DENIED = { detail: 'You do not have sufficient rights to this resource.' };

  const hero = async (name = 'Superman') => (await Hero.get({ name }))!;
  const staff = async () => (await User.get({ username: 'test' }))!;
  /** Every write, each with a valid body. */
  const writes = async () => {
    const pk = (await hero()).id;
    return [
      () => t.client.post(t.urlFor('hero-create')).send({ name: 'Dr. Strange', secret_name: 'Stephen' }),
      () => t.client.put(t.urlFor('hero-update', { pk })).send({ name: 'Superman', secret_name: 'Kal-El' }),
      () => t.client.patch(t.urlFor('hero-patch', { pk })).send({ age: 35 }),
      () => t.client.delete(t.urlFor('hero-delete', { pk })),
    ];
  };

  it('reading is public', async () => {
    expect((await t.client.get(t.urlFor('hero-list'))).status).to.equal(200);
    expect((await t.client.get(t.urlFor('hero-get', { pk: (await hero()).id }))).status).to.equal(200);
  });

  it('writing needs a token: 401 "Not authenticated"', async () => {
    for (const write of await writes()) {
      const res = await write();
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal({ detail: 'Not authenticated' });
    }
  });

  it('writing needs create:hero, update:hero or delete:hero: 403 for a user without them, nothing changed', async () => {
    await t.client.login('test');
    for (const write of await writes()) {
      const res = await write();
      expect(res.status).to.equal(403);
      expect(res.body).to.deep.equal(DENIED);
    }
    expect(await Hero.count()).to.equal(6);
    expect(await hero()).to.include({ secretName: 'Clark Kent', age: null });
  });

  it('create:hero allows POST only', async () => {
    await t.addPermissions(await staff(), ['create:hero']);
    await t.client.login('test');
    const [post, put, patch, del] = await writes();
    expect((await post!()).status).to.equal(201);
    expect((await put!()).status).to.equal(403);
    expect((await patch!()).status).to.equal(403);
    expect((await del!()).status).to.equal(403);
  });

  it('update:hero allows PUT and PATCH', async () => {
    await t.addPermissions(await staff(), ['update:hero']);
    await t.client.login('test');
    const [post, put, patch, del] = await writes();
    expect((await put!()).status).to.equal(200);
    const patched = await patch!();
    expect(patched.status).to.equal(200);
    expect(patched.body).to.include({ secret_name: 'Kal-El', age: 35 });
    expect((await post!()).status).to.equal(403);
    expect((await del!()).status).to.equal(403);
  });

  it('delete:hero allows DELETE', async () => {
    await t.addPermissions(await staff(), ['delete:hero']);
    await t.client.login('test');
    const del = (await writes())[3]!;
    expect((await del()).status).to.equal(204);
    expect(await Hero.exists({ name: 'Superman' })).to.equal(false);
  });

  it('membership of the group update:hero allows updates (the group holds update:hero); of read:hero, it does not', async () => {
    await t.client.login('test');
    const patch = (await writes())[2]!;
    await (await Group.get({ name: 'read:hero' }))!.addUser(await staff());
    expect((await patch()).status).to.equal(403);
    await (await Group.get({ name: 'update:hero' }))!.addUser(await staff());
    expect((await patch()).status).to.equal(200);
  });

  it('the permission is checked before the hero is looked up and before the body is validated', async () => {
    await t.client.login('test');
    const rusty = await hero('Rusty-Man');
    await rusty.delete();
    const gone = rusty.id;
    expect((await t.client.patch(t.urlFor('hero-patch', { pk: gone })).send({ age: 1 })).status).to.equal(403);
    expect((await t.client.post(t.urlFor('hero-create')).send({ name: 5 })).status).to.equal(403);

    await t.addPermissions(await staff(), ['update:hero']);
    const missing = await t.client.patch(t.urlFor('hero-patch', { pk: gone })).send({ age: 1 });
    expect(missing.status).to.equal(404);
    expect(missing.body).to.deep.equal({ detail: 'Hero not found.' });
  });
});
