import { Router } from '../../../core/http/index.js';
import { RoomMessagesController } from './messages.js';
import { RoomsController } from './rooms.js';

/** Mounted at /api/rooms, as the original's rooms API. */
export const routers = Router({ tags: ['Chat'] }, RoomMessagesController, RoomsController);
