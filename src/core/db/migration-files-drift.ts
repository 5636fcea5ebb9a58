import type { MikroORM } from '@mikro-orm/core';
import { getMigrator } from './migrations.js';
import { compareSchemas, databaseSchema, modelSchema } from './schema-drift.js';

/**
 * For `makemigrations`, on its private, empty database: applies the migration files `present` (whatever list
 * the process loaded: a file deleted after `migrate down` is left out) and returns how the models differ from
 * what they build, in words: what the next migration holds. MikroORM rewrites the snapshot of the last
 * migration from the schema they built, so the migration it writes next starts from the same place.
 */
export async function migrationFilesDrift(orm: MikroORM, present: readonly string[]): Promise<string[]> {
  if (present.length) await (await getMigrator(orm)).up({ migrations: [...present] });
  const models = modelSchema(orm);
  return compareSchemas(orm, await databaseSchema(orm, models), models, 'in the migrations');
}
