import { defineTask } from '../../../core/tasks/index.js';
import { User } from '../models/index.js';

/** The payload of `createUser`: the fields of a user (role included: only trusted code enqueues it). */
export const CreateUserPayload = User.createSchema();

/**
 * The original's create-user task: creates a user (the password is hashed by the model) and returns it as the
 * API shows it (never the password).
 * @example await createUser.enqueue({ username: 'd.john', first_name: 'John', last_name: 'Doe', password: 'secret123' });
 */
export const createUser = defineTask('user.create-user', async (data) => (await User.create(data).save()).toJSON(), {
  schema: CreateUserPayload,
  retries: 2,
  backoff: { type: 'exponential', delay: 1000 },
  timeout: 30_000,
});
