export { Post } from './post.js';
export { PostStatistic } from './post-statistic.js';
export { PostCreate, PostUpdate, PostRead } from './schemas.js';
