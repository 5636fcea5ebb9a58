import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { WebSocket, type ClientOptions } from 'ws';

/** A frame the server sent (parsed once: the protocol has one JSON encoding). */
export type Frame = { type: string; [key: string]: unknown };

/**
 * A real websocket client for tests: frames are queued as they arrive, `next(type)` waits for the next one of
 * that type (the others it skips are kept in `seen`).
 */
export class TestSocket {
  readonly seen: Frame[] = [];
  private readonly queue: Frame[] = [];
  private waiter: (() => void) | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      const frame = JSON.parse(text) as Frame;
      if (typeof frame !== 'object' || frame === null) throw new Error(`not a JSON object: ${text}`);
      this.queue.push(frame);
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      this.waiter?.();
    }));
  }

  /** Opens a socket to `url` and waits for the server's `ready` frame. */
  static async open(url: string, options: ClientOptions & { token?: string; protocols?: string[] } = {}): Promise<TestSocket> {
    const { token, protocols, ...rest } = options;
    const ws = new WebSocket(url, protocols ?? [], { ...rest, headers: { ...rest.headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
    const socket = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await socket.next('ready');
    return socket;
  }

  /** Sends a frame: an object as JSON, a string as is. */
  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame of this type (frames of other types before it are kept in `seen`); rejects when the socket closes first. */
  async next(type: string): Promise<Frame> {
    for (;;) {
      while (this.queue.length) {
        const frame = this.queue.shift()!;
        this.seen.push(frame);
        if (frame.type === type) return frame;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for '${type}' (seen: ${JSON.stringify(this.seen)})`);
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }

  /** Joins a room and waits for the answer (`joined` or `error`). */
  async join(roomId: number): Promise<Frame> {
    this.send({ action: 'change_room', room_id: roomId });
    return this.nextOf('joined', 'error');
  }

  /** The next frame of one of these types. */
  async nextOf(...types: string[]): Promise<Frame> {
    for (;;) {
      while (this.queue.length) {
        const frame = this.queue.shift()!;
        this.seen.push(frame);
        if (types.includes(frame.type)) return frame;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for ${types.join('/')} (seen: ${JSON.stringify(this.seen)})`);
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }

  /** Closes the socket and waits for the close. */
  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    await this.closed;
  }
}

/** The status an upgrade to `url` is refused with (or 101 when it is accepted). */
export function upgradeStatus(url: string, options: ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', (error) => reject(error));
  });
}

/** Listens on a free loopback port; resolves with the server's ws:// base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Stops a server started by `listen` (its websockets must be closed first). */
export function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
