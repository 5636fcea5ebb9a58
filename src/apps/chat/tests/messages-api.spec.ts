import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { ChatMessage } from '../models/index.js';
import { roomOf, userNamed } from './helpers.js';

describe('chat messages API', () => {
  const t = useTestCase({ fixtures: ['chat'] });

  it('pages a room’s messages oldest first, to members only', async () => {
    const general = await roomOf('general', 'alice');
    await t.client.login('bob');
    const res = await t.client.get(t.urlFor('room-messages', { room_id: general.id }, { size: 1 }));
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ total: 2, page: 1, size: 1, pages: 2 });
    expect(Object.keys(res.body.items[0])).to.deep.equal(['id', 'created_at', 'updated_at', 'content', 'author_id', 'room_id']);
    expect(res.body.items[0]).to.include({ content: 'Hello from alice', room_id: general.id });
    const second = await t.client.get(t.urlFor('room-messages', { room_id: general.id }, { page: 2, size: 1 }));
    expect(second.body.items[0].content).to.equal(`Hi alice; it's bob -- "quoted"`);
    await t.client.login('carol');
    expect((await t.client.get(t.urlFor('room-messages', { room_id: general.id }))).status).to.equal(403);
  });

  it('posts a message as the caller (200, as the original), ignoring author_id and room_id in the body', async () => {
    const [general, secret] = [await roomOf('general', 'alice'), await roomOf('secret', 'alice')];
    const bob = await t.client.login<{ id: number }>('bob');
    const res = await t.client.post(t.urlFor('room-message-add', { room_id: general.id })).send({ content: 'new one', author_id: 1, room_id: secret.id });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ content: 'new one', author_id: bob.id, room_id: general.id });
    expect((await t.client.post(t.urlFor('room-message-add', { room_id: general.id })).send({ content: '' })).status).to.equal(422);
    expect((await t.client.post(t.urlFor('room-message-add', { room_id: general.id })).send({ content: 'x'.repeat(4001) })).status).to.equal(422);
    expect((await t.client.post(t.urlFor('room-message-add', { room_id: secret.id })).send({ content: 'sneaky' })).status).to.equal(403);
  });

  it('lets the author or an admin delete a message, not the room owner; 404 for a message of another room', async () => {
    const [general, secret] = [await roomOf('general', 'alice'), await roomOf('secret', 'alice')];
    const bob = await userNamed('bob');
    const bobs = (await ChatMessage.get({ author: bob.id, room: general.id }))!;
    const url = t.urlFor('room-message-delete', { room_id: general.id, message_id: bobs.id });
    await t.client.login('alice');
    const denied = await t.client.delete(url);
    expect([denied.status, denied.body]).to.deep.equal([403, { detail: 'Insufficient rights to carry out this action' }]);
    const elsewhere = await t.client.delete(t.urlFor('room-message-delete', { room_id: secret.id, message_id: bobs.id }));
    expect([elsewhere.status, elsewhere.body]).to.deep.equal([404, { detail: 'Object ChatMessage not found.' }]);
    await t.client.login('bob');
    expect((await t.client.delete(url)).status).to.equal(204);
    expect((await t.client.delete(url)).status).to.equal(404);
    const alices = (await ChatMessage.get({ room: general.id }))!;
    await t.client.login('root');
    expect((await t.client.delete(t.urlFor('room-message-delete', { room_id: general.id, message_id: alices.id }))).status).to.equal(204);
  });

  it('keeps messages when their author is deleted (author_id becomes null)', async () => {
    const bob = await userNamed('bob');
    const general = await roomOf('general', 'alice');
    await bob.delete();
    const messages = await ChatMessage.filter({ room: general.id }, { orderBy: 'id' });
    expect(messages.map((m) => m.toJSON().author_id)).to.deep.equal([(await userNamed('alice')).id, null]);
  });
});
