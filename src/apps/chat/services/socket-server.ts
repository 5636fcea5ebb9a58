import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { getLogger } from '../../../core/logging/index.js';
import { getBroadcaster, refuseUpgrade, startHeartbeat, type Broadcaster, type UpgradeRoute } from '../../../core/realtime/index.js';
import { foreignOrigin } from '../../../core/web/index.js';
import type { User } from '../../user/models/index.js';
import { ChatConnection } from './connection.js';
import { RoomHub } from './room-hub.js';
import { BEARER_PROTOCOL, bearerAuthenticator, firstOf, sessionAuthenticator, type SocketAuthenticator } from './socket-auth.js';

/** Options of a chat websocket endpoint; the defaults suit production. */
export interface ChatSocketOptions {
  /** Where it listens (default `/web/chat/`). */
  path?: string;
  /** Fan-out between processes (default: the process's, Redis with REDIS_URL). */
  broadcaster?: () => Broadcaster;
  /** Who the upgrade request is (default: the web session cookie, else a bearer token). */
  authenticate?: SocketAuthenticator;
  /** Ping interval; a socket that missed the previous ping is closed (default 30 s). */
  heartbeatMs?: number;
  /** A socket more than this many bytes behind is dropped (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Largest frame a client may send (default 16 KiB). */
  maxPayloadBytes?: number;
}

/**
 * The chat's websocket endpoint (`/web/chat/`): refuses pages of other sites (Origin), authenticates the
 * upgrade (session cookie or bearer token; 401 otherwise), then hands each socket to a ChatConnection.
 */
export class ChatSocketServer implements UpgradeRoute {
  readonly path: string;
  private readonly wss: WebSocketServer;
  private hubInstance: RoomHub | undefined;
  private readonly stopHeartbeat: () => void;
  private closing = false;
  private authenticate: SocketAuthenticator;

  constructor(private readonly options: ChatSocketOptions = {}) {
    this.path = options.path ?? '/web/chat/';
    this.authenticate = options.authenticate ?? firstOf(sessionAuthenticator, bearerAuthenticator);
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: true,
      perMessageDeflate: false,
      maxPayload: options.maxPayloadBytes ?? 16 * 1024,
      // A browser offering ['bearer', token] must get one of its protocols back, or it drops the connection.
      handleProtocols: (protocols) => (protocols.has(BEARER_PROTOCOL) ? BEARER_PROTOCOL : false),
    });
    this.stopHeartbeat = startHeartbeat(this.wss, options.heartbeatMs ?? 30_000);
  }

  /** The rooms of this endpoint's sockets (created on the first connection, so the broadcaster is too). */
  get hub(): RoomHub {
    this.hubInstance ??= new RoomHub((this.options.broadcaster ?? getBroadcaster)(), (error) => getLogger().warn({ err: error }, 'chat fan-out failed'));
    return this.hubInstance;
  }

  /** The open sockets (tests, metrics). */
  get clients(): ReadonlySet<WebSocket> {
    return this.wss.clients;
  }

  /** Replaces how upgrades are authenticated (the web layer installs the session cookie). */
  useAuthenticator(authenticate: SocketAuthenticator): void {
    this.authenticate = authenticate;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    // Cross-Site WebSocket Hijacking: a browser sends the session cookie with any site's websocket.
    if (foreignOrigin(req) !== undefined) return refuseUpgrade(socket, 403, 'Forbidden');
    this.authenticate(req).then(
      (user) => {
        if (!user) return refuseUpgrade(socket, 401, 'Unauthorized');
        if (this.closing || socket.destroyed) return socket.destroy();
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          // noServer mode: the 'connection' event (the heartbeat's hook) is ours to emit.
          this.wss.emit('connection', ws, req);
          this.connected(ws, user);
        });
      },
      (error: unknown) => {
        getLogger().error({ err: error }, 'websocket authentication failed');
        refuseUpgrade(socket, 503, 'Service Unavailable');
      },
    );
  }

  /** Closes every socket with 1001 (going away) and ends the room subscriptions. */
  async close(): Promise<void> {
    this.closing = true;
    this.stopHeartbeat();
    const sockets = [...this.wss.clients];
    await Promise.all(sockets.map((ws) => new Promise<void>((resolve) => {
      if (ws.readyState === ws.CLOSED) return resolve();
      const force = setTimeout(() => ws.terminate(), 2000);
      ws.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      ws.close(1001, 'server shutting down');
    })));
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await this.hubInstance?.close();
  }

  private connected(ws: WebSocket, user: User): void {
    ws.on('error', (error) => getLogger().debug({ err: error }, 'websocket error'));
    new ChatConnection(ws, user, this.hub, this.options.maxBufferedBytes ?? 1024 * 1024);
  }
}
