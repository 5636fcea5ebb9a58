export { User, ROLES, STATUSES, type Role, type Status } from './user.js';
export { UserCreate, UserPatch, UserRead, PROFILE_FIELDS, ProfilePatch } from './schemas.js';
export { PRIVATE_USER_FIELDS, UserPublic, seesPrivateFields, presentUsersTo, type UserPresenter } from './visibility.js';
export { Permission, Group, NamedForTable } from './permission.js';
export { PermissionUserLink, PermissionGroupLink, GroupUserLink, userPermissions, groupPermissions, userGroups } from './links.js';
export { generateCrudPermissions, ensureCrudPermissions, removeCrudPermissions, tablesWithCrudPermissions, crudName, CRUD_METHODS, type CrudCreated } from './crud.js';
export { authorizationOf, knownAuthorization, rememberAuthorization, forgetAuthorization, authorizationColumns, parseAuthorizationColumns, holds, type AuthorizationData } from './authorization-data.js';
export { permissionsNamed } from './by-name.js';
