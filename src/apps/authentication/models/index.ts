export { JWTToken } from './token.js';
export { WebSession } from './web-session.js';
