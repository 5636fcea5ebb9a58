export { Permission, Group } from './permission.js';
export { PermissionUserLink, PermissionGroupLink, GroupUserLink, userPermissions, groupPermissions, userGroups } from './links.js';
export { generateCrudPermissions, ensureCrudPermissions, crudName, CRUD_METHODS, type CrudCreated } from './crud.js';
export { authorizationOf, rememberAuthorization, forgetAuthorization, authorizationColumns, parseAuthorizationColumns, holds, type AuthorizationData } from './authorization-data.js';
export { permissionsNamed } from './by-name.js';
