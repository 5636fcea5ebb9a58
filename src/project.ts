/**
 * How the kit reaches this project: its ORM configuration and its app. The entry points (manage.ts, server.ts,
 * test-setup.ts) register these providers; the kit's core imports nothing of the project.
 */
import { provide } from './core/di/index.js';
import { Migrations, OrmConfig } from './core/db/index.js';
import { AppFactory } from './core/http/index.js';
import { ormConfig } from '../mikro-orm.config.js';
import { migrations } from './migrations/index.js';

/** The project's providers; main.ts loads only when the app is asked for (quick CLI commands). */
export const projectProviders = [
  provide(OrmConfig, { useValue: ormConfig }),
  // The migrations' names, their classes imported when migrations run.
  provide(Migrations, { useValue: migrations }),
  provide(AppFactory, { useValue: async () => (await import('./main.js')).createApp() }),
];
