export { authenticate, bearerUserSource, requestUser, requestTokenHash, bearerToken } from './current-user.js';
