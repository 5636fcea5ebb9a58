import { createsuperuser } from './createsuperuser.js';
import { permissions } from './permissions.js';

/** Commands of the user app run as `manage <command>` (listed in `manage --help` after the built-ins). */
export const topLevelCommands = [createsuperuser, permissions];
