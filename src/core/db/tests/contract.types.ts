/**
 * Compile-time checks of the schema types derived from models (built by `tsc` on every build; no runtime).
 * A wrong derivation fails the build.
 */
import type { z } from 'zod';
import type { Equal } from '../index.js';
import { Post, type PostCreate as BlogPostCreate, type PostRead, type PostUpdate as BlogPostUpdate } from '../../../apps/blog/models/index.js';
import { User } from '../../../apps/user/models/index.js';
import { Author, Book } from './models.js';

type Expect<T extends true> = T;
// The derived schemas as they come from the model; the blog app's own ones leave out its server-owned author_id.
const DerivedPostCreate = Post.createSchema();
const DerivedPostUpdate = Post.updateSchema();
type PostCreate = z.infer<typeof DerivedPostCreate>;
type PostUpdate = z.infer<typeof DerivedPostUpdate>;
const UserCreate = User.createSchema();
const UserRead = User.readSchema();
const AuthorCreate = Author.createSchema();
const AuthorRead = Author.readSchema();
const BookCreate = Book.createSchema();
const postJson = (post: Post) => post.toJSON();
const authorJson = (author: Author) => author.toJSON();

export type Checks = [
  Expect<Equal<PostCreate, { title: string; description?: string | null; author_id?: number | null }>>,
  Expect<Equal<PostUpdate, { title?: string; description?: string | null; author_id?: number | null }>>,
  Expect<Equal<BlogPostCreate, { title: string; description?: string | null }>>,
  Expect<Equal<BlogPostUpdate, { title?: string; description?: string | null }>>,
  Expect<Equal<PostRead, { id: number; created_at: string; updated_at: string | null; title: string; description: string | null; author_id: number | null }>>,
  Expect<Equal<ReturnType<typeof postJson>, PostRead>>,
  // Hidden fields are writable but never read.
  Expect<Equal<'password' extends keyof z.infer<typeof UserCreate> ? true : false, true>>,
  Expect<Equal<'password' extends keyof z.infer<typeof UserRead> ? true : false, false>>,
  Expect<Equal<'secret_note' extends keyof ReturnType<typeof authorJson> ? true : false, false>>,
  // [OptionalProps] makes defaulted fields optional on create; enums keep their literal type.
  Expect<Equal<z.infer<typeof UserCreate>['role'], 'admin' | 'staff' | 'active' | undefined>>,
  Expect<Equal<z.input<typeof AuthorCreate>['born_at'], string | Date | null | undefined>>,
  Expect<Equal<z.infer<typeof AuthorRead>['born_at'], string | null>>,
  // A required relation is a required `<relation>_id`; collections are not on the wire.
  Expect<Equal<z.infer<typeof BookCreate>['publisher_id'], number>>,
  Expect<Equal<'genres' extends keyof z.infer<typeof BookCreate> ? true : false, false>>,
  // Getters and methods are not fields.
  Expect<Equal<'full_name' extends keyof z.infer<typeof UserRead> ? true : false, false>>,
];

// @ts-expect-error a camelCase key is not a wire key
export const camel: PostCreate = { title: 'x', authorId: 1 };
// @ts-expect-error the relation is author_id on the wire, not author
export const nested: PostCreate = { title: 'x', author: 1 };
// @ts-expect-error a title is required
export const missing: PostCreate = { description: null };
// @ts-expect-error unknown lookup field
export const badFilter = () => Post.filter({ titel: 'x' });
