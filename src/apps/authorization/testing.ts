/** Test helpers of the authorization app: `t.addPermissions` finds permissions by name. */
import { providePermissionLookup } from '../../core/testing/index.js';
import { Permission } from './models/index.js';

providePermissionLookup((names) => Permission.filter({ name__in: names }, { limit: null }));
