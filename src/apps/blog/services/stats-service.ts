import { F } from '../../../core/db/index.js';
import { singleton } from '../../../core/http/index.js';
import { PostStatistic } from '../models/index.js';

/** Reading statistics of posts; injected into the controller by the container. */
@singleton()
export class StatsService {
  /** Counts one read of a post: one `UPDATE … SET views = views + 1`, so concurrent reads all count. */
  async recordView(postId: number): Promise<void> {
    await PostStatistic.update({ post: postId }, { views: F('views').plus(1) });
  }

  /** The statistics of a post (404 when the post does not exist). */
  forPost(postId: number): Promise<PostStatistic> {
    return PostStatistic.getOr404({ post: postId }, 'Post not found.');
  }
}
