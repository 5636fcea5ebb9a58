import { Router } from '../../../core/http/index.js';
import { PostsController } from './posts.js';

// Mounted at /api/blog/posts/...
export const routers = Router({ prefix: '/blog', tags: ['Blog'] }, PostsController);
