import { expect } from 'chai';
import { transaction } from '../../../core/db/index.js';
import { useTestCase } from '../../../core/testing/index.js';
import { NotFound } from '../../../core/errors/index.js';
import { User } from '../../user/models/index.js';
import { Post, PostCreate, PostUpdate } from '../models/index.js';

// The README's "Models" section, as it is written there.
describe('the README models walkthrough', () => {
  const t = useTestCase({ fixtures: ['posts'] });

  it('derives the schemas from the model', () => {
    const body = PostCreate.parse({ title: 'Hi', author_id: 1, id: 99, password: 'x' });
    // author_id belongs to the server (the route sets it), so a client's is dropped like any unknown key.
    expect(body).to.deep.equal({ title: 'Hi', description: null });
    expect(PostUpdate.parse({ title: 'New' })).to.deep.equal({ title: 'New' });
    expect(PostCreate.safeParse({ title: '' }).success).to.equal(false);
  });

  it('queries with the active record', async () => {
    const user = (await User.get({ username: 'd.john' }))!;
    expect((await Post.all({ orderBy: '-createdAt', offset: 0, limit: 100 })).length).to.equal(2);
    const first = (await Post.first())!;
    expect(await Post.get({ id: first.id })).to.equal(first);
    expect((await Post.getOr404({ id: first.id })).title).to.equal('X Chief Says She Is Leaving');
    const filtered = await Post.filter({ title__icontains: 'chief', author__username: 'd.john' }, { orderBy: '-id' });
    expect(filtered.map((p) => p.title)).to.deep.equal(['X Chief Says She Is Leaving']);
    expect(await Post.count({ author: user })).to.equal(2);
    expect(await Post.values(['title'], { title__startswith: 'Markets' })).to.deep.equal([{ title: 'Markets rally; analysts cautious' }]);
    expect(await Post.paginate({ page: 1, size: 50 }, { author: user })).to.include({ total: 2, page: 1, size: 50, pages: 1 });
  });

  it('throws a 404 error for a missing post', async () => {
    let error: unknown;
    try { await Post.getOr404({ id: -1 }); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(NotFound);
    expect((error as NotFound).status).to.equal(404);
    expect((error as NotFound).detail).to.equal('Post not found.');
  });

  it('writes with the active record', async () => {
    const post = await Post.create({ title: 'Hi' }).save();
    expect(post.toJSON()).to.include({ title: 'Hi', description: null, author_id: null, updated_at: null });
    await post.assign({ title: 'Hello' }).save();
    await post.refresh();
    expect(post.title).to.equal('Hello');
    expect(post.updatedAt).to.be.instanceOf(Date);
    const more = await Post.bulkSave([Post.create({ title: 'a' }), Post.create({ title: 'b' })]);
    await Post.bulkDelete(more);
    await post.delete();
    expect(await Post.count()).to.equal(2);
    await transaction(async () => {
      await Post.create({ title: 'inside' }).save();
    });
    expect(await Post.count({ title: 'inside' })).to.equal(1);
  });

  it('loads the author eagerly and sets it null when the author is deleted', async () => {
    const user = (await User.get({ username: 'd.john' }))!;
    t.em.clear();
    const post = (await t.assertNumQueries(1, () => Post.first()))!;
    expect(post.author!.username).to.equal('d.john');
    await (await User.getOr404({ id: user.id })).delete();
    t.em.clear();
    expect((await Post.first())!.author).to.equal(null);
  });

  it('hashes the password and never serializes it', async () => {
    const user = (await User.get({ username: 'd.john' }))!;
    expect(user.password).to.match(/^\$2b\$04\$/);
    expect(await user.checkPassword('john_pass')).to.equal(true);
    expect(user.toJSON()).to.not.have.property('password');
    await user.assign({ password: 'changed' }).save();
    expect(await user.checkPassword('changed')).to.equal(true);
    await user.assign({ first_name: 'Johnny' }).save();
    expect(await user.checkPassword('changed')).to.equal(true);
  });
});
