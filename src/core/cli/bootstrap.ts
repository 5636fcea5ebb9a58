import 'reflect-metadata';
import { loadApps } from '../apps.js';
import { closeDatabase, initDatabase, withContext, type DatabaseOptions } from '../db/index.js';
import { closeQueues } from '../tasks/index.js';

/**
 * Runs a command body with the apps loaded, the database open and a database context, then closes the
 * database and the task queues (the process can exit). Commands use it so none forgets a step.
 */
export async function withDatabase<T>(fn: () => Promise<T>, options: DatabaseOptions = {}): Promise<T> {
  await loadApps();
  await initDatabase(options);
  try {
    return await withContext(fn);
  } finally {
    await closeDatabase();
    await closeQueues(); // a command that enqueued tasks would otherwise keep its Redis connection, and not exit
  }
}
