import { signals } from '../../../core/db/index.js';
import { Post, PostStatistic } from '../models/index.js';

// Every new post gets its statistics row, in the same transaction as the post.
signals.afterInsert(Post, (post, { em }) => {
  em.persist(PostStatistic.create({ post }));
});
