/** The CLI entry: `npm run manage -- <command>` (or the npm aliases: seed, migrate, makemigrations). */
import './core/compile-cache-on.js';
import 'reflect-metadata';
import { runCli, ServerStarter } from './core/cli/index.js';
import { provide, registerProviders } from './core/di/index.js';
import { projectProviders } from './project.js';

// `manage serve` starts src/server.ts, imported only then.
registerProviders([...projectProviders, provide(ServerStarter, { useValue: async (options) => (await import('./server.js')).startServer(options) })]);
await runCli();
