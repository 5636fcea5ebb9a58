import type { z } from 'zod';
import { Hero } from './hero.js';

/** POST and PUT bodies: name and secret_name required; age and user_id optional. */
export const HeroCreate = Hero.createSchema();
/** PATCH body: every field optional. */
export const HeroPatch = Hero.updateSchema();
/** PUT body: name and secret_name required; age and user_id applied only when sent, as the original's. */
export const HeroPut = HeroPatch.required({ name: true, secret_name: true });
/** A hero as the API returns it. */
export const HeroRead = Hero.readSchema();
export type HeroCreate = z.infer<typeof HeroCreate>;
export type HeroPatch = z.infer<typeof HeroPatch>;
export type HeroPut = z.infer<typeof HeroPut>;
