import { Router } from '../../../core/http/index.js';
import { MeController } from './me.js';
import { UserAccessAdminController, UserPermissionsController, UsersController } from './users.js';

/**
 * Mounted at /api/users. `/me/`, `/permissions/` and `/groups/` come before the CRUD routes, so none of them is
 * taken for a pk.
 */
export const routers = Router({ tags: ['Users'] }, MeController, UserPermissionsController, UserAccessAdminController, UsersController);
