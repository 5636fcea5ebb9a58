export { Post } from './post.js';
export { PostCreate, PostUpdate, PostRead } from './schemas.js';
