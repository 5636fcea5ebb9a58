/**
 * The project's ORM configuration: the one place to change MikroORM's options. The kit's `initDatabase` builds
 * the options of each connection it opens with `ormConfig` (src/project.ts registers it); the MikroORM CLI
 * (`npx mikro-orm debug`) reads the default export, compiled to dist/mikro-orm.config.js (`npm run build`).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import type { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { loadApps } from './src/core/apps.js';
import { BaseTable, KitPGliteDriver, kitOrmOptions, openConnection, registeredModels, type DatabaseConnection } from './src/core/db/index.js';
import { migrations } from './src/migrations/index.js';
import { projectRoot } from './src/settings/index.js';

/**
 * MikroORM's options for a connection: PostgreSQL when the settings give `DATABASE_URL`, else the embedded
 * PGlite. Entities are the models the apps registered (app discovery runs first), migrations the committed list.
 */
export function ormConfig(connection: DatabaseConnection): Options {
  return {
    // What the kit's active record needs (request context, explicit flushes, signals, query counting).
    ...kitOrmOptions(connection),
    entities: [BaseTable, ...registeredModels()],
    ...(connection.kind === 'postgresql'
      ? { driver: PostgreSqlDriver, clientUrl: connection.url }
      : // The kit's PGlite driver: mikro-orm-pglite 0.5.1 sends any SQL containing `;` through PGlite's
        // multi-statement exec, whose result MikroORM cannot read; this one counts real statements.
        { driver: KitPGliteDriver, dbName: 'postgres' }),
    driverOptions: connection.driverOptions,
    extensions: [Migrator],
    migrations: {
      // The list, not a folder scan, so dist/ and src/ agree; makemigrations writes new files to pathTs.
      migrationsList: migrations,
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

/** For the MikroORM CLI: the apps' models on the database of the settings. */
export default async function cliConfig(): Promise<Options> {
  await loadApps();
  return ormConfig(openConnection());
}
