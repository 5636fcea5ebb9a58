import { Router } from '../../../core/http/index.js';
import { RoomMessagesController } from './messages.js';
import { RoomsController } from './rooms.js';

/** Mounted at /api/rooms (behaviour.md §11.2). */
export const routers = Router({ tags: ['Chat'] }, RoomMessagesController, RoomsController);
