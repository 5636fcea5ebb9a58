import type { z } from 'zod';
import { Post } from './post.js';

// Derived from the model, never re-typed. `author_id` belongs to the server: a new post's author is the caller,
// and only an admin reassigns a post (PUT /posts/{pk}/author/), so neither client body carries it.
export const PostCreate = Post.createSchema().omit({ author_id: true });
export const PostUpdate = Post.updateSchema().omit({ author_id: true });
/** The body of the admin's reassignment route. */
export const PostAuthor = Post.updateSchema().pick({ author_id: true }).required();
export const PostRead = Post.readSchema();
export type PostCreate = z.infer<typeof PostCreate>;
export type PostUpdate = z.infer<typeof PostUpdate>;
export type PostAuthor = z.infer<typeof PostAuthor>;
export type PostRead = z.infer<typeof PostRead>;
