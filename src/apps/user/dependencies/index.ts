export { permissionRequired, AdminAccess, PERMISSION_DENIED, ACCESS_DENIED, type PermissionRequirement } from './permission-required.js';
