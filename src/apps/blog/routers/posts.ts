import { Body, Controller, CurrentUser, Depends, Param, Pk, route } from '../../../core/http/index.js';
import { AdminAccess, permissionRequired } from '../../authorization/dependencies/index.js';
import type { User } from '../../user/models/index.js';
import { getPostIfOwner } from '../dependencies/index.js';
import { Post, PostAuthor, PostCreate, PostUpdate } from '../models/index.js';
import { StatsService } from '../services/stats-service.js';

/** The blog tutorial's posts: anyone reads, a logged-in user writes, the author edits, stats need a permission. */
@Controller('/posts')
export class PostsController {
  constructor(private readonly stats: StatsService) {}

  @route.get('/', { name: 'post-list' })
  list() {
    return Post.all();
  }

  @route.post('/', { status: 201, name: 'post-create' })
  create(@Body(PostCreate) data: PostCreate, @CurrentUser() user: User) {
    return Post.create({ ...data, author_id: user.id }).save();
  }

  @route.get('/:pk', { name: 'post-get' })
  async get(@Param('pk', Pk) pk: number) {
    const post = await Post.getOr404({ id: pk });
    await this.stats.recordView(post.id);
    return post;
  }

  @route.put('/:pk', { name: 'post-update' })
  update(@Depends(getPostIfOwner) post: Post, @Body(PostUpdate) data: PostUpdate) {
    return post.assign(data).save();
  }

  /** Ownership belongs to the server: only an admin gives a post to another author (or to nobody). */
  @route.put('/:pk/author', { name: 'post-author', dependencies: [AdminAccess], responses: { 404: 'Post not found.' } })
  async reassign(@Param('pk', Pk) pk: number, @Body(PostAuthor) data: PostAuthor) {
    const post = await Post.getOr404({ id: pk });
    return post.assign(data).save();
  }

  @route.delete('/:pk', { status: 204, name: 'post-delete' })
  async remove(@Depends(getPostIfOwner) post: Post) {
    await post.delete();
  }

  @route.get('/:pk/stats', { name: 'post-stats', dependencies: [permissionRequired({ permissions: ['can_view_stats'], groups: ['can_view_stats'] })] })
  statistics(@Param('pk', Pk) pk: number) {
    return this.stats.forPost(pk);
  }
}
