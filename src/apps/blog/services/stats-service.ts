import { singleton } from '../../../core/http/index.js';
import { PostStatistic } from '../models/index.js';

/** Reading statistics of posts; injected into the controller by the container. */
@singleton()
export class StatsService {
  /** Counts one read of a post. */
  async recordView(postId: number): Promise<void> {
    const stats = await PostStatistic.get({ post: postId });
    if (stats) await stats.assign({ views: stats.views + 1 }).save();
  }

  /** The statistics of a post (404 when the post does not exist). */
  forPost(postId: number): Promise<PostStatistic> {
    return PostStatistic.getOr404({ post: postId }, 'Post not found.');
  }
}
