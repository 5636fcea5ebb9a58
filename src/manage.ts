/** The CLI entry: `npm run manage -- <command>` (or the npm aliases: seed, migrate, makemigrations). */
import 'reflect-metadata';
import { runCli } from './core/cli/index.js';

await runCli();
