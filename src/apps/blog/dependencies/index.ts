import { Forbidden } from '../../../core/errors/index.js';
import { dependency, Pk } from '../../../core/http/index.js';
import { currentUser } from '../../authentication/dependencies/index.js';
import { Post } from '../models/index.js';


/** The post of the path, if the current user wrote it: 401 without a token, 404 without the post, else 403. */
export const getPostIfOwner = dependency(
  async (ctx) => {
    const user = await ctx.resolve(currentUser);
    const post = await Post.getOr404({ id: ctx.param('pk', Pk) });
    if (post.author?.id !== user.id) throw new Forbidden('Not authorized to access this post');
    return post;
  },
  { uses: [currentUser], responses: { 403: 'Not authorized to access this post', 404: 'Post not found.' } },
);
