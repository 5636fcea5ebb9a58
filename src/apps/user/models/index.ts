export { User, ROLES, STATUSES, type Role, type Status } from './user.js';
export { UserCreate, UserPatch, UserRead } from './schemas.js';
