import type { z } from 'zod';
import { Post } from './post.js';

// Derived from the model, never re-typed.
export const PostCreate = Post.createSchema();
export const PostUpdate = Post.updateSchema();
export const PostRead = Post.readSchema();
export type PostCreate = z.infer<typeof PostCreate>;
export type PostUpdate = z.infer<typeof PostUpdate>;
export type PostRead = z.infer<typeof PostRead>;
