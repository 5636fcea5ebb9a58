import type { Command } from 'commander';
import { resolveToken } from '../../di/index.js';
import { CommandError } from '../../errors/index.js';
import { getSettings } from '../../../settings/index.js';
import { runWithReload } from '../reloader.js';
import { checkSchema } from '../schema-check.js';
import { ServerStarter } from '../server-starter.js';
import { isWorker, runPrimary } from '../workers.js';

interface ServeOptions {
  host?: string;
  port?: string;
  reload?: boolean;
  workers?: string;
}

/** A port number from the command line. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new CommandError(`Invalid port '${value}': a number from 0 to 65535.`, 2);
  return port;
}

/**
 * `serve`: the HTTP server (migrations applied first), on HOST:PORT or the options. `--reload` recompiles and
 * restarts on changes (development); `--workers N` runs N processes sharing the port (Node's cluster).
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('start the HTTP server (--reload, --workers N)')
    .description('Start the HTTP server: applies pending migrations, warns when the models differ from the migrations or the database (fails with APP_ENVIRONMENT=test), then listens; stops gracefully on SIGTERM/SIGINT.')
    .option('--host <host>', 'interface to listen on (default: the HOST setting, 127.0.0.1)')
    .option('-p, --port <port>', 'port to listen on (default: the PORT setting, 8000)')
    .option('-r, --reload', 'development: recompile with tsc --watch and restart the server after each change')
    .option('-w, --workers <count>', 'run this many server processes sharing the port (needs DATABASE_URL)')
    .action(async (options: ServeOptions) => {
      const port = options.port === undefined ? undefined : parsePort(options.port);
      const workers = options.workers === undefined ? 1 : Number(options.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new CommandError(`Invalid --workers '${options.workers}': a number from 1 to 256.`, 2);
      getSettings(); // a bad setting stops here, as one line
      if (options.reload) {
        const args = [...(options.host ? ['--host', options.host] : []), ...(port === undefined ? [] : ['--port', String(port)])];
        await runWithReload(workers > 1 ? [...args, '--workers', String(workers)] : args);
        return;
      }
      const startServer = resolveToken(ServerStarter, 'No ServerStarter: the entry point registers the project\'s providers (src/project.ts).');
      if (workers > 1 && !isWorker()) {
        await runPrimary(workers, async () => {
          const { withDatabase } = await import('../bootstrap.js');
          const { migrate } = await import('../../db/index.js');
          const { offerDemoData } = await import('../../fixtures/index.js');
          await withDatabase(async () => {
            const migrated = await migrate();
            for (const name of migrated.migrations) console.log(`Applied ${name}`);
            await checkSchema();
            await offerDemoData(migrated);
          });
        });
        return;
      }
      // A single process, or a worker of the cluster (its primary applied the migrations).
      await startServer({ host: options.host, port, migrate: !isWorker(), beforeListen: isWorker() ? undefined : () => checkSchema() });
    })
    .addHelpText(
      'after',
      '\nExamples:\n  npm run serve\n  npm run serve -- --port 9000 --reload\n  DATABASE_URL=postgres://… npm run serve -- --host 0.0.0.0 --workers 4',
    );
}
