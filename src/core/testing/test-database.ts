import type { MikroORM } from '@mikro-orm/core';
import { closeDatabase, initDatabase, migrate } from '../db/index.js';
import { getSettings } from '../../settings/index.js';
import { adminQuery, testDatabaseName } from './processes.js';

let createdDatabase: { adminUrl: string; name: string } | undefined;

/**
 * Opens the database of a test run: PGlite in memory, or, with `DATABASE_URL`, a fresh database created on that
 * server for this run (dropped by `closeTestDatabase`). Applies the migrations, then creates the tables of
 * models that have no migration (models declared by tests).
 */
export async function openTestDatabase(): Promise<MikroORM> {
  const settings = getSettings();
  let url = settings.DATABASE_URL;
  if (url) {
    const name = testDatabaseName('test');
    await adminQuery(url, `create database "${name}"`);
    createdDatabase = { adminUrl: url, name };
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
  }
  const orm = await initDatabase({ url, pgliteDir: 'memory', acquireTimeoutMs: 2000 });
  await migrate();
  await orm.schema.updateSchema({ safe: true });
  return orm;
}

/** Closes the run's database and drops it when the run created one. */
export async function closeTestDatabase(): Promise<void> {
  await closeDatabase();
  if (createdDatabase) {
    const { adminUrl, name } = createdDatabase;
    createdDatabase = undefined;
    await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
  }
}
