export { Hero } from './hero.js';
export { HeroCreate, HeroPatch, HeroPut, HeroRead } from './schemas.js';
