import { Router, setHomePath } from '../../../core/http/index.js';
import { ChatSocketServer } from '../services/index.js';
import { ChatPageController } from './pages.js';

/** The chat page and room search, mounted under /web: /web/chat/… */
export const webRouters = Router({ tags: ['Web'] }, ChatPageController);

/** The chat websocket (`WS /web/chat/`, route name `websocket-connect`); protocol in `../README.md`. */
export const chatSocket = new ChatSocketServer();

// The site's front door is the chat page, as in the original (`/` → 308 `/web/chat/`).
setHomePath('/web/chat/');

/** Websocket endpoints of the app, served on the HTTP server of the routes. */
export const upgrades = [chatSocket];
