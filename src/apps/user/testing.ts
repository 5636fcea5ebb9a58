/** Test helpers of the user app: `t.addPermissions` finds permissions by name. */
import { provide } from '../../core/di/index.js';
import { PermissionLookup } from '../../core/testing/index.js';
import { Permission } from './models/index.js';

/** The providers of the test toolkit's tokens. */
export const providers = [provide(PermissionLookup, { useValue: (names) => Permission.filter({ name__in: names }, { limit: null }) })];
