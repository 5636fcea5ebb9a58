/**
 * Backpressure and heartbeats on real sockets: a client that stops reading is dropped instead of being
 * buffered without bound; a client that stops answering pings is closed; a live one stays.
 */
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import { attachUpgrades, MemoryBroadcaster } from '../../../core/realtime/index.js';
import { testApp, useTestCase } from '../../../core/testing/index.js';
import { ChatSocketServer, roomChannel } from '../services/index.js';
import { roomOf } from './helpers.js';
import { listen, stop, TestSocket } from './socket-client.js';

describe('chat websocket limits', function () {
  this.timeout(30_000);
  const t = useTestCase({ fixtures: ['chat'] });
  let server: Server;
  let endpoint: ChatSocketServer;
  let broadcaster: MemoryBroadcaster;
  let base: string;

  const start = async (options: { heartbeatMs?: number; maxBufferedBytes?: number }) => {
    broadcaster = new MemoryBroadcaster();
    endpoint = new ChatSocketServer({ ...options, broadcaster: () => broadcaster });
    server = createServer((await testApp()).app);
    attachUpgrades(server, [endpoint]);
    base = await listen(server);
  };
  const open = async (username: string, autoPong = true) => {
    await t.client.login(username);
    return TestSocket.open(`${base}/web/chat/`, { token: t.client.accessToken!, autoPong });
  };
  afterEach(async () => {
    await endpoint.close();
    await stop(server);
  });

  it('drops a client that does not read, and keeps serving the one that does', async () => {
    await start({ maxBufferedBytes: 256 * 1024 });
    const general = await roomOf('general', 'alice');
    const [slow, fast] = [await open('alice'), await open('bob')];
    await slow.join(general.id);
    await fast.join(general.id);
    slow.ws.pause(); // stops reading: the kernel buffers fill, then the server's
    const big = JSON.stringify({ type: 'message', room_id: general.id, message: { content: 'x'.repeat(60_000) } });
    let received = 0;
    fast.ws.on('message', () => received++);
    // Up to 64 MB offered to the slow client; it must be cut long before (its kernel buffers hold a few MB).
    for (let i = 0; i < 1000 && endpoint.clients.size === 2; i++) {
      await broadcaster.publish(roomChannel(general.id), big);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(endpoint.clients.size).to.equal(1);
    slow.ws.resume();
    expect((await slow.closed).code).to.equal(1006); // terminated, no close frame behind the backlog
    fast.send({ action: 'send', message: 'still talking' });
    for (;;) {
      const frame = await fast.next('message');
      if ((frame.message as { content: string }).content === 'still talking') break;
    }
    expect(received).to.be.greaterThan(0);
    await fast.close();
  });

  it('closes a client that stops answering pings; a live one stays open across heartbeats', async () => {
    await start({ heartbeatMs: 50 });
    const [dead, live] = [await open('alice', false), await open('bob')];
    let pings = 0;
    live.ws.on('ping', () => pings++);
    expect((await dead.closed).code).to.equal(1006);
    while (pings < 4) await new Promise((resolve) => live.ws.once('ping', resolve));
    expect(live.ws.readyState).to.equal(live.ws.OPEN);
    expect(endpoint.clients.size).to.equal(1);
    await live.close();
  });

  it('refuses frames over the size limit by closing the socket (1009)', async () => {
    await start({});
    const alice = await open('alice');
    alice.send('x'.repeat(17 * 1024));
    expect((await alice.closed).code).to.equal(1009);
  });
});
