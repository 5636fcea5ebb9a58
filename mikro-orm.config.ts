/**
 * The project's ORM configuration: the one place to change MikroORM's options. The kit's `initDatabase` builds
 * the options of each connection it opens with `ormConfig` (src/project.ts registers it); the MikroORM CLI
 * (`npx mikro-orm debug`) reads the default export, compiled to dist/mikro-orm.config.js (`npm run build`).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import type { Options } from '@mikro-orm/core';
import { loadApps } from './src/core/apps.js';
import { BaseTable, kitOrmOptions, loadMigrations, mikroOrmPostgres, openConnection, registeredModels, type DatabaseConnection } from './src/core/db/index.js';
import { migrations } from './src/migrations/index.js';
import { projectRoot } from './src/settings/index.js';

/**
 * MikroORM's options for a connection: PostgreSQL when the settings give `DATABASE_URL`, else the embedded
 * PGlite. Entities are the models the apps registered (app discovery runs first). The migrations (the committed
 * list, `src/project.ts` provides it) and the migrator are loaded by the kit when migrations run, not at start.
 */
export function ormConfig(connection: DatabaseConnection): Options {
  return {
    // What the kit's active record needs (request context, explicit flushes, signals, query counting).
    ...kitOrmOptions(connection),
    entities: [BaseTable, ...registeredModels()],
    ...(connection.kind === 'postgresql'
      ? { driver: mikroOrmPostgres.PostgreSqlDriver, clientUrl: connection.url }
      : // The kit's PGlite driver (loaded with PGlite): mikro-orm-pglite 0.5.1 sends any SQL containing `;`
        // through PGlite's multi-statement exec, whose result MikroORM cannot read; this one counts real statements.
        { driver: connection.driver, dbName: 'postgres' }),
    driverOptions: connection.driverOptions,
    migrations: {
      // makemigrations writes new files to pathTs; the kit applies the committed list (no folder scan).
      path: join(projectRoot, 'dist', 'src', 'migrations'),
      pathTs: join(projectRoot, 'src', 'migrations'),
      emit: 'ts',
      snapshotName: '.snapshot',
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
  };
}

/** For the MikroORM CLI: the apps' models on the database of the settings, with the migrator and the list. */
export default async function cliConfig(): Promise<Options> {
  await loadApps();
  const [{ Migrator }, migrationsList] = await Promise.all([import('@mikro-orm/migrations'), loadMigrations(migrations)]);
  const options = ormConfig(await openConnection());
  return { ...options, extensions: [Migrator], migrations: { ...options.migrations, migrationsList } };
}
