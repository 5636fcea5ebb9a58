import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { User } from '../../user/models/index.js';
import { Post, PostStatistic } from '../models/index.js';

// The README's blog tutorial, end to end through HTTP.
describe('blog posts API', () => {
  const t = useTestCase({ fixtures: ['posts', 'blog-permissions', 'users'] });

  const titles = (body: { items: Array<{ title: string }> }) => body.items.map((p) => p.title);

  it('lists posts to anyone, newest first, one page at a time: {items, total, page, size, pages}', async () => {
    const res = await t.client.get('/api/blog/posts/');
    expect(res.status).to.equal(200);
    expect(titles(res.body)).to.deep.equal(['Markets rally; analysts cautious', 'X Chief Says She Is Leaving']);
    expect(res.body).to.include({ total: 2, page: 1, size: 50, pages: 1 });
    const second = await t.client.get('/api/blog/posts/?page=2&size=1&order_by=title');
    expect(second.body).to.include({ total: 2, page: 2, size: 1, pages: 2 });
    expect(titles(second.body)).to.deep.equal(['X Chief Says She Is Leaving']);
  });

  it('filters the list (?title__icontains=rally) and answers 422 for a parameter it does not take', async () => {
    const res = await t.client.get('/api/blog/posts/?title__icontains=RALLY');
    expect(titles(res.body)).to.deep.equal(['Markets rally; analysts cautious']);
    expect(res.body.total).to.equal(1);
    const bad = await t.client.get('/api/blog/posts/?views__gte=1');
    expect(bad.status).to.equal(422);
    expect(bad.body.detail[0].msg).to.include("Unknown query parameter 'views__gte'. Allowed: title, title__icontains, author_id, author_id__in");
    expect((await t.client.get('/api/blog/posts/?size=101')).status).to.equal(422);
  });

  it('creates a post for the logged-in user, with its statistics row', async () => {
    expect((await t.client.post('/api/blog/posts/').send({ title: 'Anonymous' })).status).to.equal(401);
    const john = await t.client.login<User>('d.john');
    const res = await t.client.post('/api/blog/posts/').send({ title: 'Hello', author_id: 999 });
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ title: 'Hello', author_id: john.id });
    expect(await PostStatistic.count({ post: res.body.id })).to.equal(1);
  });

  it('counts views', async () => {
    const post = (await Post.first())!;
    await t.client.get(t.urlFor('post-get', { pk: post.id }));
    await t.client.get(t.urlFor('post-get', { pk: post.id }));
    expect((await PostStatistic.getOr404({ post: post.id })).views).to.equal(2);
    expect((await t.client.get('/api/blog/posts/999999/')).body).to.deep.equal({ detail: 'Post not found.' });
  });

  it('lets only the author edit or delete a post', async () => {
    const post = (await Post.first())!;
    await t.client.login('test');
    const other = await t.client.put(t.urlFor('post-update', { pk: post.id })).send({ title: 'Hijack' });
    expect(other.status).to.equal(403);
    expect(other.body).to.deep.equal({ detail: 'Not authorized to access this post' });
    await t.client.login('d.john');
    const mine = await t.client.put(t.urlFor('post-update', { pk: post.id })).send({ title: 'New' });
    expect(mine.status).to.equal(200);
    expect(mine.body.title).to.equal('New');
    expect((await t.client.delete(t.urlFor('post-delete', { pk: post.id }))).status).to.equal(204);
    expect(await Post.exists({ id: post.id })).to.equal(false);
  });

  it('shows statistics only with can_view_stats, held directly or through the group', async () => {
    const post = (await Post.first())!;
    const url = t.urlFor('post-stats', { pk: post.id });
    const john = await t.client.login<User>('d.john');
    expect((await t.client.get(url)).status).to.equal(403);
    await t.addPermissions(john, ['can_view_stats']);
    const res = await t.client.get(url);
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ post_id: post.id, views: 0 });

    const active = (await User.get({ username: 'active' }))!;
    const { Group } = await import('../../user/models/index.js');
    await (await Group.getOr404({ name: 'can_view_stats' })).addUser(active);
    await t.client.login('active');
    expect((await t.client.get(url)).status).to.equal(200);
  });

  it('checks the permission without extra queries: one more than an anonymous read', async () => {
    const post = (await Post.first())!;
    const url = t.urlFor('post-stats', { pk: post.id });
    await t.client.login('fastapi');
    const { queries } = await t.captureQueries(() => t.client.get(url));
    // One to authenticate (token, user, permissions and groups together), one to read the statistics.
    expect(queries.length).to.equal(2);
  });
});
