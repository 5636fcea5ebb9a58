export { Id, ROOM_NOT_FOUND, MESSAGE_NOT_FOUND, roomOr404, roomAccess, roomManageAccess, messageDeleteAccess } from './access.js';
