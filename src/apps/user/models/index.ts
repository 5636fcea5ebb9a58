export { User, ROLES, STATUSES, type Role, type Status } from './user.js';
