import { provide } from '../../core/di/index.js';
import { CurrentUserSource } from '../../core/http/index.js';
import { bearerUserSource } from './dependencies/index.js';

/** `@CurrentUser()` (core's `currentUser`) finds the user through the bearer token `authenticate` checked. */
export const providers = [provide(CurrentUserSource, { useValue: bearerUserSource })];
