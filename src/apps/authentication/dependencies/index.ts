export { authenticate, currentUser, requestUser, requestTokenHash, bearerToken } from './current-user.js';
