import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A websocket endpoint of an app, served on the same HTTP server as the routes: the server hands it the
 * upgrade requests of its path (with and without the trailing slash). Apps export these from their `web`
 * module as `upgrades`.
 */
export interface UpgradeRoute {
  /** The path, e.g. `/web/chat/`. */
  readonly path: string;
  /** Takes over an upgrade request (answers it with a websocket, or refuses it with an HTTP status). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection (graceful shutdown). */
  close(): Promise<void>;
}

const normalise = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/** Answers an upgrade request with a plain HTTP status and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
  socket.destroy();
}

/** Routes the server's upgrade requests to the endpoints by path; others get 404. */
export function attachUpgrades(server: Server, routes: readonly UpgradeRoute[]): void {
  const byPath = new Map(routes.map((r) => [normalise(r.path), r]));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = normalise(new URL(req.url ?? '/', 'http://localhost').pathname);
    const route = byPath.get(path);
    if (route) route.handleUpgrade(req, socket, head);
    else refuseUpgrade(socket, 404, 'Not Found');
  });
}
