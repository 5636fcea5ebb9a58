import { Router } from '../../../core/http/index.js';
import { FixturesController } from './fixtures.js';
import { GroupsController } from './groups.js';
import { PermissionsController } from './permissions.js';

/** Mounted at /api/authorizations. */
export const routers = Router({ prefix: '/authorizations', tags: ['Authorizations'] }, PermissionsController, GroupsController);
/** Mounted at the root: /default/fixtures/. */
export const rootRouters = Router({}, FixturesController);
