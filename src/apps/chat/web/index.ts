import { ChatSocketServer } from '../services/index.js';

/** The chat websocket (`WS /web/chat/`, route name `websocket-connect`); protocol in `../README.md`. */
export const chatSocket = new ChatSocketServer();

/** Websocket endpoints of the app, served on the HTTP server of the routes. */
export const upgrades = [chatSocket];
