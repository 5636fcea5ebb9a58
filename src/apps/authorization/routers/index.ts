import { Router } from '../../../core/http/index.js';
import { FixturesController } from './fixtures.js';
import { GroupMembersController, GroupsController } from './groups.js';
import { PermissionsController } from './permissions.js';

/** Mounted at /api/authorizations. */
export const routers = Router(
  { prefix: '/authorizations', tags: ['Authorizations'] },
  Router({ prefix: '/permissions' }, PermissionsController),
  Router({ prefix: '/groups' }, GroupsController, GroupMembersController),
);
/** Mounted at the root: /default/fixtures/. */
export const rootRouters = Router({}, FixturesController);
