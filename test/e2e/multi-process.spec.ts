/**
 * Several processes serve as one: two server processes on different ports and a separate `manage worker`, on
 * one PostgreSQL and one Redis. What one process does, the others see. (A case per shared concern: add yours.)
 */
import { expect } from 'chai';
import { WebSocket } from 'ws';
import { startCluster, type Cluster } from './cluster.js';

describe('end to end: two servers and a worker sharing PostgreSQL and Redis', function () {
  this.timeout(180_000);
  let cluster: Cluster;
  const [a, b] = [0, 1].map((i) => (path: string, init?: RequestInit) => fetch(`${cluster.servers[i]!.baseUrl}${path}`, init));

  async function login(server: typeof a, username = 'admin', password = 'admin'): Promise<Response> {
    return server('/api/auth/token/', { method: 'POST', body: new URLSearchParams({ username, password }) });
  }
  async function token(server: typeof a): Promise<string> {
    const res = await login(server);
    expect(res.status).to.equal(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  before(async () => {
    // initial-users only: INITIAL_FIXTURES (heroes) is left for the load-fixtures task to load through the worker.
    cluster = await startCluster({ servers: 2, seed: ['initial-users'], env: { INITIAL_FIXTURES: 'initial-heroes' } });
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed' && cluster) console.error(cluster.logs());
  });
  after(async () => {
    await cluster?.stop();
  });

  it('reports the task queue and its worker in readiness', async () => {
    const res = await a('/default/healthcheck/?readiness=true');
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { status: string; queues: Array<{ queue: string; workers: number }> };
    expect(body.status).to.equal('OK');
    expect(body.queues.find((q) => q.queue === 'default')?.workers).to.equal(1);
  });

  it('refuses on one server a token revoked (logout) through the other', async () => {
    const bearer = { Authorization: `Bearer ${await token(a)}` };
    expect((await b('/api/users/permissions/', { headers: bearer })).status).to.equal(200);
    expect((await a('/api/auth/logout/', { method: 'POST', headers: bearer })).status).to.equal(204);
    expect((await b('/api/users/permissions/', { headers: bearer })).status).to.equal(401);
    expect((await a('/api/users/permissions/', { headers: bearer })).status).to.equal(401);
  });

  it('a password change through one server revokes the user\'s other tokens on the other; the token used keeps working', async () => {
    const json = { 'Content-Type': 'application/json' };
    const user = { username: 'changer', first_name: 'Pat', last_name: 'Changer', password: 'first-password' };
    expect((await a('/api/users/', { method: 'POST', headers: json, body: JSON.stringify(user) })).status).to.equal(201);
    const tokenOf = async (server: typeof a) => ((await (await login(server, 'changer', 'first-password')).json()) as { access_token: string }).access_token;
    const [used, other] = [await tokenOf(a), await tokenOf(b)];
    const change = await a('/api/users/me/password/', {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${used}` },
      body: JSON.stringify({ current_password: 'first-password', new_password: 'second-password' }),
    });
    expect(change.status).to.equal(204);
    expect((await b('/api/users/me/', { headers: { Authorization: `Bearer ${other}` } })).status).to.equal(401);
    expect((await b('/api/users/me/', { headers: { Authorization: `Bearer ${used}` } })).status).to.equal(200);
    expect((await login(b, 'changer', 'second-password')).status).to.equal(200);
  });

  it('runs a task enqueued by one server in the separate worker process; the other server sees its work', async () => {
    expect(((await (await b('/api/heroes/')).json()) as unknown[]).length).to.equal(0);
    const res = await a('/default/fixtures/', { method: 'POST', headers: { Authorization: `Bearer ${await token(a)}` } });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'SUCCESS', msg: 'Loading fixtures process finished.', loaded: 6, created: 6, updated: 0, unchanged: 0 });
    // The log is written in batches, at the latest every 250 ms: wait for the worker's line, then look at the servers'.
    await cluster.worker.outputMatches(/"task":"core.load-fixtures".*"msg":"task done"/g, 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const server of cluster.servers) expect(server.log).to.not.include('task done');
    expect(((await (await b('/api/heroes/')).json()) as unknown[]).length).to.equal(6);
  });

  it('delivers a chat message sent through one server to a websocket connected to the other', async () => {
    const bearer = { Authorization: `Bearer ${await token(a)}`, 'Content-Type': 'application/json' };
    const room = (await (await a('/api/rooms/', { method: 'POST', headers: bearer, body: JSON.stringify({ name: 'across' }) })).json()) as { id: number };
    const frames: Array<{ type: string; message?: { content: string } }> = [];
    const listener = new WebSocket(`${cluster.servers[1]!.baseUrl.replace('http:', 'ws:')}/web/chat/`, { headers: { Authorization: bearer.Authorization } });
    const next = (type: string) => new Promise<{ type: string; message?: { content: string } }>((resolve, reject) => {
      const seen = frames.find((f) => f.type === type);
      if (seen) return resolve(seen);
      const onMessage = (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as { type: string };
        if (frame.type === type) {
          listener.off('message', onMessage);
          resolve(frame);
        }
      };
      listener.on('message', onMessage);
      listener.once('close', () => reject(new Error(`closed while waiting for ${type}`)));
    });
    listener.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as { type: string }));
    await next('ready');
    listener.send(JSON.stringify({ action: 'change_room', room_id: room.id }));
    await next('joined');
    const posted = await a(`/api/rooms/${room.id}/messages/`, { method: 'POST', headers: bearer, body: JSON.stringify({ content: 'from server one' }) });
    expect(posted.status).to.equal(200);
    expect((await next('message')).message?.content).to.equal('from server one');
    listener.close();
  });

  // Last: it leaves 127.0.0.1 throttled (the cluster removes the counters when it stops).
  it('throttles on one server a login that failed too often on the other', async () => {
    for (let i = 0; i < 5; i++) expect((await login(i % 2 ? b : a, 'admin', 'wrong')).status).to.equal(400);
    const refused = await login(b, 'admin', 'admin');
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    expect((await login(a, 'admin', 'admin')).status).to.equal(429);
  });
});
