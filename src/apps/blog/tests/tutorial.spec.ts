import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import type { User } from '../../user/models/index.js';
import { Post } from '../models/index.js';

describe('the blog tutorial', () => {
  const t = useTestCase({ fixtures: ['posts', 'blog-permissions'] });

  it('shows statistics only with can_view_stats', async () => {
    const post = (await Post.first())!;
    const john = await t.client.login<User>('d.john');
    expect((await t.client.get(t.urlFor('post-stats', { pk: post.id }))).status).to.equal(403);
    await t.addPermissions(john, ['can_view_stats']);
    expect((await t.client.get(t.urlFor('post-stats', { pk: post.id }))).status).to.equal(200);
  });
});
