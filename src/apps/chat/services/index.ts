export { ChatSocketServer, type ChatSocketOptions } from './socket-server.js';
export { ChatConnection } from './connection.js';
export { RoomHub, type RoomListener } from './room-hub.js';
export { publishRoomEvent, roomChannel, type RoomEvent } from './events.js';
export { ClientFrame, parseFrame, type ServerReply } from './protocol.js';
export { bearerAuthenticator, sessionAuthenticator, firstOf, upgradeBearerToken, BEARER_PROTOCOL, type SocketAuthenticator } from './socket-auth.js';
