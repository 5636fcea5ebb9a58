/**
 * Fan-out through the real Redis (TEST_REDIS_URL, database 10 by default): two endpoints, each with its own
 * Redis connections as two processes would have, on two listening servers; a message sent through one reaches
 * a websocket of the other. Pub/sub ignores database numbers, so the broadcaster prefixes channels with it.
 */
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import { attachUpgrades, closeBroadcaster, RedisBroadcaster, type Broadcaster } from '../../../core/realtime/index.js';
import { testApp, useTestCase } from '../../../core/testing/index.js';
import { resetSettings } from '../../../settings/index.js';
import { ChatSocketServer } from '../services/index.js';
import { roomOf } from './helpers.js';
import { listen, stop, TestSocket } from './socket-client.js';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/10';
const otherDb = (url: string) => {
  const u = new URL(url);
  u.pathname = `/${Number(u.pathname.slice(1) || 0) === 11 ? 10 : 11}`;
  return u.toString();
};

describe('chat fan-out through Redis', function () {
  this.timeout(20_000);

  describe('RedisBroadcaster', () => {
    const opened: Broadcaster[] = [];
    const make = (url = REDIS) => {
      const b = new RedisBroadcaster(url);
      opened.push(b);
      return b;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((b) => b.close()));
    });

    it('delivers a payload published by one connection to the subscribers of another, as published', async () => {
      const [a, b] = [make(), make()];
      const got: string[] = [];
      let arrived!: () => void;
      const done = new Promise<void>((resolve) => (arrived = resolve));
      await b.subscribe('chat:room:1', (p) => {
        got.push(p);
        arrived();
      });
      await b.subscribe('chat:room:2', () => got.push('wrong room'));
      await a.publish('chat:room:1', '{"type":"message","text":"héllo"}');
      await done;
      expect(got).to.deep.equal(['{"type":"message","text":"héllo"}']);
    });

    it('keeps databases apart, and stops delivering after unsubscribe', async () => {
      const [a, same, other] = [make(), make(), make(otherDb(REDIS))];
      const got: string[] = [];
      const stopSame = await same.subscribe('chat:room:7', (p) => got.push(`same:${p}`));
      await other.subscribe('chat:room:7', (p) => got.push(`other:${p}`));
      await a.publish('chat:room:7', 'one');
      while (got.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      await stopSame();
      await a.publish('chat:room:7', 'two');
      // A marker published after 'two' on a channel `same` still listens to: once it arrives, 'two' would have too.
      const marker = new Promise<void>((resolve) => void same.subscribe('chat:room:8', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 10));
      await a.publish('chat:room:8', 'marker');
      await marker;
      expect(got).to.deep.equal(['same:one']);
    });

    it('rejects publish when Redis is unreachable', async () => {
      const down = make('redis://127.0.0.1:1/10');
      let error: unknown;
      try {
        await down.publish('chat:room:1', 'x');
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(Error);
    });
  });

  describe('two servers sharing Redis', () => {
    const t = useTestCase({ fixtures: ['chat'] });
    const previous = process.env.REDIS_URL;
    const servers: Array<{ server: Server; endpoint: ChatSocketServer; broadcaster: Broadcaster; base: string }> = [];

    before(async () => {
      // The API's events go through Redis too (the process broadcaster follows REDIS_URL).
      process.env.REDIS_URL = REDIS;
      resetSettings();
      await closeBroadcaster();
    });
    after(async () => {
      if (previous === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = previous;
      resetSettings();
      await closeBroadcaster();
    });
    beforeEach(async () => {
      for (let i = 0; i < 2; i++) {
        const broadcaster = new RedisBroadcaster(REDIS);
        const endpoint = new ChatSocketServer({ broadcaster: () => broadcaster });
        const server = createServer((await testApp()).app);
        attachUpgrades(server, [endpoint]);
        servers.push({ server, endpoint, broadcaster, base: await listen(server) });
      }
    });
    afterEach(async () => {
      for (const { server, endpoint, broadcaster } of servers.splice(0)) {
        await endpoint.close();
        await broadcaster.close();
        await stop(server);
      }
    });

    it('carries a websocket message and an API message from one server to a socket on the other', async () => {
      const general = await roomOf('general', 'alice');
      await t.client.login('alice');
      const alice = await TestSocket.open(`${servers[0]!.base}/web/chat/`, { token: t.client.accessToken! });
      await t.client.login('bob');
      const bob = await TestSocket.open(`${servers[1]!.base}/web/chat/`, { token: t.client.accessToken! });
      await alice.join(general.id);
      await bob.join(general.id);
      alice.send({ action: 'send', message: 'across processes' });
      expect((await bob.next('message')).message).to.include({ content: 'across processes' });
      expect((await alice.next('message')).message).to.include({ content: 'across processes' });
      await t.client.post(t.urlFor('room-message-add', { room_id: general.id })).send({ content: 'through the API' }).expect(200);
      expect((await alice.next('message')).message).to.include({ content: 'through the API' });
      expect((await bob.next('message')).message).to.include({ content: 'through the API' });
      await alice.close();
      await bob.close();
    });
  });
});
