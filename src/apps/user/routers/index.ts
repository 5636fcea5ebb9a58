import { Router } from '../../../core/http/index.js';
import { UserAccessAdminController, UserPermissionsController, UsersController } from './users.js';

/** Mounted at /api/users; the permission and group routes come first so `/permissions/` is not taken for a pk. */
export const routers = Router({ tags: ['Users'] }, UserPermissionsController, UserAccessAdminController, UsersController);
