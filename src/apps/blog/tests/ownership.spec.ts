import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { User } from '../../user/models/index.js';
import { Post, PostCreate, PostUpdate } from '../models/index.js';

// author_id belongs to the server: a post's author cannot give it away, nor pick someone else as its author.
describe('blog: the author of a post belongs to the server', () => {
  const t = useTestCase({ fixtures: ['posts', 'users'] });
  const user = async (username: string) => (await User.get({ username }))!;

  it('leaves author_id out of the client bodies', () => {
    expect(Object.keys(PostCreate.shape)).to.not.include('author_id');
    expect(Object.keys(PostUpdate.shape)).to.not.include('author_id');
  });

  it('ignores an author_id the author sends in a PUT: the post stays theirs', async () => {
    const post = (await Post.first())!;
    const john = await user('d.john');
    const other = await user('test');
    await t.client.login('d.john');
    for (const authorId of [other.id, null]) {
      const res = await t.client.put(t.urlFor('post-update', { pk: post.id })).send({ title: 'Still mine', author_id: authorId });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ title: 'Still mine', author_id: john.id });
    }
    await post.refresh();
    expect(post.author?.id).to.equal(john.id);
  });

  it('lets only an admin reassign a post (PUT /posts/{pk}/author/)', async () => {
    const post = (await Post.first())!;
    const other = await user('test');
    await t.client.login('d.john');
    expect((await t.client.put(t.urlFor('post-author', { pk: post.id })).send({ author_id: other.id })).status).to.equal(403);
    await t.client.login('fastapi');
    const res = await t.client.put(t.urlFor('post-author', { pk: post.id })).send({ author_id: other.id });
    expect(res.status).to.equal(200);
    expect(res.body.author_id).to.equal(other.id);
    expect((await t.client.put(t.urlFor('post-author', { pk: post.id })).send({ author_id: null })).body.author_id).to.equal(null);
    expect((await t.client.put(t.urlFor('post-author', { pk: post.id })).send({})).status).to.equal(422);
  });
});
