import type { z } from 'zod';
import { User } from './user.js';

/** POST and PUT bodies (role is honoured only for admins, so nobody makes themselves one). `status` is not client-writable. */
export const UserCreate = User.createSchema().omit({ status: true });
/** PATCH body: the same eight fields, all optional. */
export const UserPatch = User.updateSchema().omit({ status: true });
/** A user as the API returns it: never the password nor its hash. */
export const UserRead = User.readSchema();
export type UserCreate = z.infer<typeof UserCreate>;
export type UserPatch = z.infer<typeof UserPatch>;
