export { JWTToken } from './token.js';
