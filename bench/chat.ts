/**
 * Chat fan-out benchmark: two server processes on one PostgreSQL and one Redis, CLIENTS websocket clients
 * (half on each server) in one room, one more client sending MESSAGES messages with at most WINDOW of them
 * unacknowledged. Reports messages per second, deliveries per second, and the delivery latency (send to
 * receipt, measured in this process, so one clock) at p50/p99/max.
 *   npm run bench:chat            (CLIENTS=100 MESSAGES=2000 WINDOW=20; E2E_DATABASE_URL, BENCH_REDIS_URL)
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { createDatabase, manage, processEnv, startProcess, type ServerProcess } from '../test/e2e/support.js';
import { intEnv } from './http-harness.js';

const CLIENTS = intEnv('CLIENTS', 100, 1);
const MESSAGES = intEnv('MESSAGES', 2000, 1);
const WINDOW = intEnv('WINDOW', 20, 1);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/11';

type Frame = { type: string; message?: { content: string } };

function open(url: string, token: string, onFrame: (frame: Frame) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.type === 'ready') resolve(ws);
      onFrame(frame);
    });
    ws.once('error', reject);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const db = await createDatabase();
  const env = { ...processEnv(db.url), REDIS_URL, LOG_LEVEL: 'error' };
  const servers: ServerProcess[] = [];
  try {
    const seeded = await manage(['seed', '--names', 'initial-users'], env);
    if (seeded.code !== 0) throw new Error(seeded.stderr);
    servers.push(await startProcess(['dist/src/server.js'], env), await startProcess(['dist/src/server.js'], env));
    await Promise.all(servers.map((s) => s.ready()));
    const base = servers[0]!.baseUrl;
    const login = await fetch(`${base}/api/auth/token/`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'admin' }) });
    const token = ((await login.json()) as { access_token: string }).access_token;
    const room = (await (await fetch(`${base}/api/rooms/`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) })).json()) as { id: number };

    const latencies: number[] = [];
    let delivered = 0;
    let lastAt = 0;
    const wsUrl = (i: number) => `${servers[i % 2]!.baseUrl.replace('http:', 'ws:')}/web/chat/`;
    const joined: Array<Promise<void>> = [];
    const clients: WebSocket[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      let onJoined!: () => void;
      joined.push(new Promise((resolve) => (onJoined = resolve)));
      const ws = await open(wsUrl(i), token, (frame) => {
        if (frame.type === 'joined') onJoined();
        if (frame.type === 'message' && frame.message) {
          const now = performance.now();
          latencies.push(now - Number(frame.message.content.split(' ')[1]));
          delivered++;
          lastAt = now;
        }
      });
      ws.send(JSON.stringify({ action: 'change_room', room_id: room.id }));
      clients.push(ws);
    }
    await Promise.all(joined);

    // The sender (on server 1) is not in the room: it only counts acknowledgements to keep WINDOW in flight.
    let acked = 0;
    let wake: (() => void) | undefined;
    const sender = await open(wsUrl(0), token, (frame) => {
      if (frame.type === 'sent' || frame.type === 'error') {
        acked++;
        wake?.();
      }
      if (frame.type === 'error') console.error('send error', frame);
    });
    const started = performance.now();
    for (let sent = 0; sent < MESSAGES; sent++) {
      while (sent - acked >= WINDOW) await new Promise<void>((resolve) => (wake = resolve));
      sender.send(JSON.stringify({ action: 'send', room_id: room.id, message: `t ${performance.now()}` }));
    }
    while (delivered < MESSAGES * CLIENTS) {
      const before = delivered;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      if (delivered === before) break; // nothing more is coming
    }
    const seconds = (lastAt - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(`chat fan-out: ${CLIENTS} clients on 2 server processes (PostgreSQL + Redis pub/sub), ${MESSAGES} messages, window ${WINDOW}`);
    console.log(`  delivered ${delivered}/${MESSAGES * CLIENTS} in ${seconds.toFixed(2)} s`);
    console.log(`  messages/s (each fanned out to ${CLIENTS}): ${(MESSAGES / seconds).toFixed(0)}; deliveries/s: ${(delivered / seconds).toFixed(0)}`);
    console.log(`  delivery latency ms: p50 ${percentile(latencies, 50).toFixed(1)}, p99 ${percentile(latencies, 99).toFixed(1)}, max ${latencies[latencies.length - 1]!.toFixed(1)}`);
    for (const ws of [...clients, sender]) ws.close();
  } finally {
    for (const s of servers) await s.stop();
    await db.drop();
  }
}

await main();
