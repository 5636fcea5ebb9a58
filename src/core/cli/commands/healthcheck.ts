import type { Command } from 'commander';
import { CommandError } from '../../errors/index.js';
import { getSettings } from '../../../settings/index.js';
import { parsePort } from './serve.js';

interface HealthOptions {
  liveness?: boolean;
  readiness?: boolean;
  host?: string;
  port?: string;
  timeout: string;
}

/** Where to reach a server listening on `host`: a wildcard address is reached on the loopback. */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '::1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * `healthcheck`: asks a running server `GET /default/healthcheck/?liveness=true` (or `readiness=true`: the
 * database and Redis too). Exit code 0 when it answers 200, 1 otherwise: Docker's HEALTHCHECK uses it.
 */
export function registerHealthcheck(program: Command): void {
  program
    .command('healthcheck')
    .summary('check a running server (exit 0 or 1)')
    .description('Check a running server: exit 0 when healthy, 1 when not (liveness by default).')
    .option('-l, --liveness', 'the process answers requests (the default)')
    .option('-r, --readiness', 'the server can serve: its database (and Redis, when configured) answer')
    .option('--host <host>', 'server address (default: the HOST setting; 0.0.0.0 means the loopback)')
    .option('-p, --port <port>', 'server port (default: the PORT setting)')
    .option('--timeout <seconds>', 'give up after this many seconds', '5')
    .action(async (options: HealthOptions) => {
      const settings = getSettings();
      const port = options.port === undefined ? settings.PORT : parsePort(options.port);
      const timeout = Number(options.timeout);
      if (!(timeout > 0)) throw new CommandError(`Invalid --timeout '${options.timeout}': a positive number of seconds.`, 2);
      const check = options.readiness ? 'readiness' : 'liveness';
      const url = `http://${reachableHost(options.host ?? settings.HOST)}:${port}/default/healthcheck/?${check}=true`;
      let response: Response;
      try {
        response = await fetch(url, { signal: AbortSignal.timeout(timeout * 1000) });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        throw new CommandError(`Health check failed: no answer from ${url} (${cause}).`);
      }
      const body = (await response.text()).trim();
      if (response.status !== 200) throw new CommandError(`Health check failed: ${check} answered ${response.status} ${body}`);
      console.log(`${check}: ${body}`);
    })
    .addHelpText('after', '\nExamples:\n  npm run manage -- healthcheck --readiness --port 8000\n  node dist/src/manage.js healthcheck --readiness   # Docker HEALTHCHECK');
}
