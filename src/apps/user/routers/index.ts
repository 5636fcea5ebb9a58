import { Router } from '../../../core/http/index.js';
import { UserPermissionsController, UsersController } from './users.js';

/** Mounted at /api/users; the permission and group routes come first so `/permissions/` is not taken for a pk. */
export const routers = Router({ tags: ['Users'] }, UserPermissionsController, UsersController);
