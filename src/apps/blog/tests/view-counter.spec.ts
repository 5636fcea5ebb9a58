/**
 * The view counter under concurrency, on committed data (outside any test transaction, each view in its own
 * context as a request has, on the pool's connections): 50 concurrent views count 50. A read-add-save counter
 * loses most of them: every reader sees the same old value.
 */
import { expect } from 'chai';
import { container } from 'tsyringe';
import { withContext } from '../../../core/db/index.js';
import { User } from '../../user/models/index.js';
import { Post, PostStatistic } from '../models/index.js';
import { StatsService } from '../services/stats-service.js';

describe('the blog view counter (committed, concurrent)', () => {
  let postId: number;
  let userId: number;

  before(async () => {
    await withContext(async () => {
      const user = await User.create({ username: 'view-counter-probe', firstName: 'V', lastName: 'C', password: 'x' }).save();
      const post = await Post.create({ title: 'Counted', author: user }).save();
      userId = user.id;
      postId = post.id;
    });
  });

  after(async () => {
    // Committed rows would leak into the rolled-back suites that follow.
    await withContext(async () => {
      await Post.delete({ id: postId });
      await User.delete({ id: userId });
    });
  });

  it('counts every one of 50 concurrent views', async () => {
    const stats = container.resolve(StatsService);
    await Promise.all(Array.from({ length: 50 }, () => withContext(() => stats.recordView(postId))));
    const views = await withContext(async () => (await PostStatistic.getOr404({ post: postId })).views);
    expect(views).to.equal(50);
  });
});
