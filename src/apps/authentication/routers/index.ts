import { Router } from '../../../core/http/index.js';
import { AuthController } from './auth.js';

/** Mounted at /api/auth. */
export const routers = Router({ tags: ['Authentication'] }, AuthController);
