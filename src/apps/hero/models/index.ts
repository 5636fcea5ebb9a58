export { Hero } from './hero.js';
export { HeroCreate, HeroPatch, HeroRead } from './schemas.js';
