import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { ChatMessage, ChatRoom } from '../models/index.js';
import { roomOf, userNamed } from './helpers.js';

const DENIED = { detail: 'Insufficient rights to carry out this action' };
const NOT_FOUND = { detail: 'Object ChatRoom not found.' };

describe('chat rooms API', () => {
  const t = useTestCase({ fixtures: ['chat'] });

  it('creates a room owned by the caller (201), and refuses the same name twice for one owner (409)', async () => {
    const carol = await t.client.login<{ id: number }>('carol');
    const res = await t.client.post(t.urlFor('room-create')).send({ name: 'books', visibility: 'public', csrf_token: 'ignored' });
    expect(res.status).to.equal(201);
    expect(Object.keys(res.body)).to.deep.equal(['id', 'created_at', 'updated_at', 'name', 'visibility', 'owner_id']);
    expect(res.body).to.include({ name: 'books', visibility: 'public', owner_id: carol.id });
    const again = await t.client.post(t.urlFor('room-create')).send({ name: 'books' });
    expect(again.status).to.equal(409);
    expect(again.body).to.deep.equal({ detail: 'Chat room already exists.' });
    // Another owner may use the name (channels are by id, so they do not collide).
    await t.client.login('bob');
    expect((await t.client.post(t.urlFor('room-create')).send({ name: 'books' })).body).to.include({ visibility: 'private' });
  });

  it('validates the body: name required, visibility one of private/public, owner_id not writable', async () => {
    const carol = await t.client.login<{ id: number }>('carol');
    const alice = await userNamed('alice');
    expect((await t.client.post(t.urlFor('room-create')).send({})).status).to.equal(422);
    expect((await t.client.post(t.urlFor('room-create')).send({ name: '' })).status).to.equal(422);
    expect((await t.client.post(t.urlFor('room-create')).send({ name: 'x', visibility: 'secret' })).status).to.equal(422);
    const res = await t.client.post(t.urlFor('room-create')).send({ name: 'mine', owner_id: alice.id });
    expect(res.body.owner_id).to.equal(carol.id);
    expect((await t.client.post(t.urlFor('room-create')).set('Content-Type', 'application/json').send('{"name":')).status).to.equal(400);
  });

  it('needs a user: 401 without a token', async () => {
    const general = await roomOf('general', 'alice');
    expect((await t.client.post(t.urlFor('room-create')).send({ name: 'x' })).status).to.equal(401);
    expect((await t.client.get(t.urlFor('room-get', { room_id: general.id }))).status).to.equal(401);
    expect((await t.client.patch(t.urlFor('room-subscribe', { room_id: general.id }))).status).to.equal(401);
  });

  it('lets admins, the owner and members read a room; others get 403, a missing room 404, a bad id 422', async () => {
    const general = await roomOf('general', 'alice');
    for (const who of ['root', 'alice', 'bob']) {
      await t.client.login(who);
      const res = await t.client.get(t.urlFor('room-get', { room_id: general.id }));
      expect(res.status, who).to.equal(200);
      expect(res.body).to.include({ id: general.id, name: 'general', visibility: 'public' });
    }
    await t.client.login('carol');
    const denied = await t.client.get(t.urlFor('room-get', { room_id: general.id }));
    expect([denied.status, denied.body]).to.deep.equal([403, DENIED]);
    const missing = await t.client.get('/api/rooms/2147483647/');
    expect([missing.status, missing.body]).to.deep.equal([404, NOT_FOUND]);
    for (const bad of ['abc', '1.0', '0x1', '-1', '0', '2147483648', '%201']) {
      expect((await t.client.get(`/api/rooms/${bad}/`)).status, bad).to.equal(422);
    }
  });

  it('lists every room to admins only, a page at a time, in creation order', async () => {
    await t.client.login('alice');
    expect((await t.client.get(t.urlFor('room-list'))).status).to.equal(403);
    await t.client.login('root');
    const res = await t.client.get(t.urlFor('room-list', {}, { page: 1, size: 2 }));
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ total: await ChatRoom.count(), page: 1, size: 2, pages: Math.ceil((await ChatRoom.count()) / 2) });
    expect(res.body.items.map((r: { name: string }) => r.name)).to.deep.equal(['general', 'secret']);
    expect((await t.client.get(t.urlFor('room-list', {}, { size: 101 }))).status).to.equal(422);
    expect((await t.client.get(t.urlFor('room-list', {}, { page: 0 }))).status).to.equal(422);
  });

  it('lets the owner or an admin edit a room; a member cannot; an omitted visibility resets to private', async () => {
    const general = await roomOf('general', 'alice');
    await t.client.login('bob');
    expect((await t.client.patch(t.urlFor('room-edit', { room_id: general.id })).send({ name: 'mine' })).body).to.deep.equal(DENIED);
    await t.client.login('alice');
    const res = await t.client.patch(t.urlFor('room-edit', { room_id: general.id })).send({ name: 'main' });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ name: 'main', visibility: 'private' });
    expect((await t.client.patch(t.urlFor('room-edit', { room_id: general.id })).send({ name: 'secret' })).status).to.equal(409);
    await t.client.login('root');
    expect((await t.client.patch(t.urlFor('room-edit', { room_id: general.id })).send({ name: 'general', visibility: 'public' })).body).to.include({ name: 'general', visibility: 'public' });
  });

  it('deletes a room with its messages (owner or admin only; 204)', async () => {
    const general = await roomOf('general', 'alice');
    await t.client.login('bob');
    expect((await t.client.delete(t.urlFor('room-delete', { room_id: general.id }))).status).to.equal(403);
    await t.client.login('alice');
    expect((await t.client.delete(t.urlFor('room-delete', { room_id: general.id }))).status).to.equal(204);
    expect(await ChatRoom.get({ id: general.id })).to.equal(null);
    expect(await ChatMessage.count({ room: general.id })).to.equal(0);
    expect((await t.client.delete(t.urlFor('room-delete', { room_id: general.id }))).status).to.equal(404);
  });

  it('subscribes and unsubscribes the caller (idempotent), which grants and withdraws access', async () => {
    const general = await roomOf('general', 'alice');
    await t.client.login('carol');
    for (let i = 0; i < 2; i++) {
      const res = await t.client.patch(t.urlFor('room-subscribe', { room_id: general.id }));
      expect([res.status, res.body]).to.deep.equal([200, { success: true }]);
    }
    expect((await t.client.get(t.urlFor('room-messages', { room_id: general.id }))).status).to.equal(200);
    for (let i = 0; i < 2; i++) expect((await t.client.patch(t.urlFor('room-unsubscribe', { room_id: general.id }))).body).to.deep.equal({ success: true });
    expect((await t.client.get(t.urlFor('room-messages', { room_id: general.id }))).status).to.equal(403);
    expect((await t.client.patch('/api/rooms/2147483647/subscribe/')).status).to.equal(404);
  });

  it('shows each user the rooms it may see: public, owned and joined; admins see all', async () => {
    const names = async (who: string) => {
      const rooms = await ChatRoom.visibleTo(await userNamed(who));
      return rooms.map((r) => `${r.name}@${r.owner.id}`).sort();
    };
    const [alice, bob] = [await userNamed('alice'), await userNamed('bob')];
    expect(await names('carol')).to.deep.equal([`general@${alice.id}`]);
    expect(await names('bob')).to.deep.equal([`general@${alice.id}`, `general@${bob.id}`].sort());
    expect(await names('alice')).to.deep.equal([`general@${alice.id}`, `secret@${alice.id}`]);
    expect((await names('root')).length).to.equal(await ChatRoom.count());
    expect((await ChatRoom.visibleTo(alice, 'SEC')).map((r) => r.name)).to.deep.equal(['secret']);
    expect(await ChatRoom.visibleTo(alice, '%')).to.deep.equal([]);
  });
});
