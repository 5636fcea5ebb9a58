/**
 * The chat websocket against a real listening server and real ws clients (in-process broadcaster): upgrade
 * authentication, membership checked on every room change and message, one JSON encoding.
 */
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import { attachUpgrades } from '../../../core/realtime/index.js';
import { testApp, useTestCase } from '../../../core/testing/index.js';
import { ChatMessage } from '../models/index.js';
import { ChatSocketServer } from '../services/index.js';
import { roomOf, userNamed } from './helpers.js';
import { listen, stop, TestSocket, upgradeStatus } from './socket-client.js';

describe('chat websocket', function () {
  const t = useTestCase({ fixtures: ['chat'] });
  let server: Server;
  let endpoint: ChatSocketServer;
  let base: string;
  const sockets: TestSocket[] = [];

  const tokenOf = async (username: string) => {
    await t.client.login(username);
    return t.client.accessToken!;
  };
  const open = async (username: string) => {
    const socket = await TestSocket.open(`${base}/web/chat/`, { token: await tokenOf(username) });
    sockets.push(socket);
    return socket;
  };

  beforeEach(async () => {
    endpoint = new ChatSocketServer();
    server = createServer((await testApp()).app);
    attachUpgrades(server, [endpoint]);
    base = await listen(server);
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await endpoint.close();
    await stop(server);
  });

  it('refuses an upgrade without a valid token (401), from another site (403), and on another path (404)', async () => {
    expect(await upgradeStatus(`${base}/web/chat/`)).to.equal(401);
    expect(await upgradeStatus(`${base}/web/chat/`, { headers: { Authorization: 'Bearer not.a.token' } })).to.equal(401);
    const token = await tokenOf('alice');
    expect(await upgradeStatus(`${base}/web/chat/`, { headers: { Authorization: `Bearer ${token}` }, origin: 'https://evil.example' })).to.equal(403);
    expect(await upgradeStatus(`${base}/web/chat`, { headers: { Authorization: `Bearer ${token}` }, origin: base.replace('ws:', 'http:') })).to.equal(101);
    expect(await upgradeStatus(`${base}/web/other/`, { headers: { Authorization: `Bearer ${token}` } })).to.equal(404);
    // A browser passes the token as the protocol after 'bearer' (it cannot set headers), and gets 'bearer' back.
    const socket = await TestSocket.open(`${base}/web/chat/`, { protocols: ['bearer', token] });
    sockets.push(socket);
    expect(socket.ws.protocol).to.equal('bearer');
  });

  it('fans a message out to the room, once JSON-encoded, and stores it', async () => {
    const general = await roomOf('general', 'alice');
    const [alice, bob] = [await open('alice'), await open('bob')];
    expect(await alice.join(general.id)).to.deep.equal({ type: 'joined', room_id: general.id });
    expect(await bob.join(general.id)).to.deep.equal({ type: 'joined', room_id: general.id });
    bob.send({ action: 'send', message: 'Hello "alice"; {not json}' });
    for (const socket of [alice, bob]) {
      const frame = await socket.next('message');
      expect(frame.room_id).to.equal(general.id);
      // One encoding: the message is an object, not a string holding JSON.
      expect(frame.message).to.be.an('object');
      expect(frame.message).to.include({ content: 'Hello "alice"; {not json}', author_id: (await userNamed('bob')).id, room_id: general.id });
    }
    const sent = await bob.next('sent');
    expect(await ChatMessage.get({ id: sent.message_id as number })).to.include({ content: 'Hello "alice"; {not json}' });
  });

  it('checks membership on every room change and message (the original never did)', async () => {
    const general = await roomOf('general', 'alice');
    const secret = await roomOf('secret', 'alice');
    const carol = await open('carol');
    // A public room is listed to everyone, but talking in it needs membership.
    expect(await carol.join(general.id)).to.deep.equal({ type: 'error', status: 403, detail: 'Insufficient rights to carry out this action' });
    carol.send({ action: 'send', message: 'sneaky', room_id: secret.id });
    expect(await carol.next('error')).to.include({ status: 403 });
    expect(await carol.join(2147483647)).to.include({ type: 'error', status: 404, detail: 'Object ChatRoom not found.' });
    expect(await ChatMessage.count({ content: 'sneaky' })).to.equal(0);

    await t.client.login('carol');
    await t.client.patch(t.urlFor('room-subscribe', { room_id: general.id })).expect(200);
    expect(await carol.join(general.id)).to.include({ type: 'joined' });
    carol.send({ action: 'send', message: 'hi all' });
    expect((await carol.next('message')).message).to.include({ content: 'hi all' });

    // Leaving through the API takes the open socket out of the room at once, and its next message is refused.
    await t.client.patch(t.urlFor('room-unsubscribe', { room_id: general.id })).expect(200);
    expect(await carol.next('left')).to.deep.equal({ type: 'left', room_id: general.id, reason: 'unsubscribed' });
    carol.send({ action: 'send', message: 'still here?', room_id: general.id });
    expect(await carol.next('error')).to.include({ status: 403 });
  });

  it('keeps the owner in the room when it unsubscribes, and treats non-JSON text as a message to the current room', async () => {
    const secret = await roomOf('secret', 'alice');
    const alice = await open('alice');
    alice.send('no room yet');
    expect(await alice.next('error')).to.include({ status: 409 });
    await alice.join(secret.id);
    await t.client.login('alice');
    await t.client.patch(t.urlFor('room-unsubscribe', { room_id: secret.id })).expect(200);
    alice.send('plain text, not JSON');
    expect((await alice.next('message')).message).to.include({ content: 'plain text, not JSON' });
    alice.send({ action: 'send', message: '' });
    expect(await alice.next('error')).to.include({ status: 422 });
    alice.send({ action: 'dance' });
    expect(await alice.next('error')).to.include({ status: 422 });
    alice.send({ action: 'leave_room' });
    expect(await alice.next('left')).to.include({ reason: 'leave_room' });
  });

  it('delivers what the API posts and deletes, and the deletion of the room', async () => {
    const general = await roomOf('general', 'alice');
    const bob = await open('bob');
    await bob.join(general.id);
    await t.client.login('alice');
    const posted = await t.client.post(t.urlFor('room-message-add', { room_id: general.id })).send({ content: 'from the API' }).expect(200);
    expect((await bob.next('message')).message).to.deep.equal(posted.body);
    await t.client.delete(t.urlFor('room-message-delete', { room_id: general.id, message_id: posted.body.id })).expect(204);
    expect(await bob.next('message_deleted')).to.deep.equal({ type: 'message_deleted', room_id: general.id, message_id: posted.body.id });
    await t.client.delete(t.urlFor('room-delete', { room_id: general.id })).expect(204);
    expect(await bob.next('room_deleted')).to.deep.equal({ type: 'room_deleted', room_id: general.id });
    expect(endpoint.hub.size(general.id)).to.equal(0);
  });

  it('closes its sockets with 1001 on shutdown', async () => {
    const bob = await open('bob');
    await endpoint.close();
    expect((await bob.closed).code).to.equal(1001);
    expect(await upgradeStatus(`${base}/web/chat/`, { headers: { Authorization: `Bearer ${await tokenOf('bob')}` } })).to.equal(503);
  });
});
