export { Post } from './post.js';
export { PostStatistic } from './post-statistic.js';
export { PostAuthor, PostCreate, PostUpdate, PostRead } from './schemas.js';
