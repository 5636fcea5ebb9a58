import { Router } from '../../../core/http/index.js';
import { HeroesController } from './heroes.js';

/** Mounted at /api/heroes. */
export const routers = Router({ tags: ['Heroes'] }, HeroesController);
