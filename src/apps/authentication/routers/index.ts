import { Router } from '../../../core/http/index.js';
import { AuthController } from './auth.js';
import { PasswordController } from './password.js';

/** Mounted at /api/auth, and /api/users/me/password/ (documented with the user's other account routes). */
export const routers = Router({}, Router({ tags: ['Authentication'] }, AuthController), Router({ tags: ['Users'] }, PasswordController));
