export { permissionRequired, AdminAccess, PERMISSION_DENIED, ACCESS_DENIED, type PermissionRequirement } from './permission-required.js';
export { userView } from './user-view.js';
