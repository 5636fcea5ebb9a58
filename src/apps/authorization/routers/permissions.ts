import { Permission } from '../../user/models/index.js';
import { adminCrudController } from './admin-crud.js';

/** Permissions as data, for admins: `?name=` matches exactly, as the original's. */
export const PermissionsController = adminCrudController(Permission, { name: 'permission', nameMatch: 'exact' });
