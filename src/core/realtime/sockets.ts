import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Sends `data` unless the socket is already `maxBuffered` bytes behind: a client that does not read (or reads
 * slower than the room talks) is dropped, so the server never buffers without bound. Returns false when dropped.
 */
export function sendBounded(socket: WebSocket, data: string, maxBuffered: number): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (socket.bufferedAmount > maxBuffered) {
    // A close frame would wait behind the backlog: cut the connection.
    socket.terminate();
    return false;
  }
  socket.send(data);
  return true;
}

const alive = new WeakSet<WebSocket>();

/**
 * Pings every client of `server` each `intervalMs`; one that has not answered the previous ping is terminated
 * (a dead peer, a half-open TCP connection). Returns the function that stops the timer.
 */
export function startHeartbeat(server: WebSocketServer, intervalMs: number): () => void {
  server.on('connection', (socket: WebSocket) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
  });
  const timer = setInterval(() => {
    for (const socket of server.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
