import type { Command } from 'commander';
import { CommandError } from '../../errors/index.js';
import { getSettings } from '../../../settings/index.js';

interface WorkerOptions {
  concurrency?: string;
  queues?: string[];
  grace: string;
  schedules: boolean;
}

/** A positive whole number from the command line. */
function positive(value: string, what: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) throw new CommandError(`Invalid ${what} '${value}': a number from 1 to ${max}.`, 2);
  return n;
}

/**
 * `worker`: consumes the task queues (BullMQ on REDIS_URL) until SIGTERM/SIGINT, then stops taking jobs and lets
 * the running ones finish (`--grace` seconds; after that they go back to the queue) before exiting 0.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .summary('run background tasks (needs REDIS_URL)')
    .description(
      'Run the background tasks queued on REDIS_URL: every queue of the defined tasks, or --queues. Upserts the declared ' +
        'schedules first. SIGTERM or Ctrl-C stops taking jobs and waits for the running ones (--grace), then exits 0.',
    )
    .option('-c, --concurrency <n>', 'jobs run at once per queue (default: the TASKS_CONCURRENCY setting, 1)')
    .option('-q, --queues <names...>', 'queues to consume (default: every queue a task uses)')
    .option('-g, --grace <seconds>', 'how long running jobs may take to finish once stopping; then they return to the queue', '30')
    .option('--no-schedules', 'do not upsert the declared schedules (another worker does)')
    .action(async (options: WorkerOptions) => {
      const concurrency = options.concurrency === undefined ? undefined : positive(options.concurrency, '--concurrency', 1000);
      const graceMs = Number(options.grace) * 1000;
      if (!Number.isFinite(graceMs) || graceMs < 0) throw new CommandError(`Invalid --grace '${options.grace}': a number of seconds.`, 2);
      getSettings();
      const { tasksMode } = await import('../../tasks/index.js');
      if (tasksMode() !== 'queued') {
        throw new CommandError('manage worker needs REDIS_URL (and TASKS_BACKEND auto or redis): without it, tasks run in-process when enqueued.');
      }
      const [{ loadApps }, db, tasks, { closeRedis }, { getLogger }] = await Promise.all([
        import('../../apps.js'),
        import('../../db/index.js'),
        import('../../tasks/index.js'),
        import('../../redis/index.js'),
        import('../../logging/index.js'),
      ]);
      await loadApps();
      await db.initDatabase();
      const log = getLogger();
      let worker: Awaited<ReturnType<typeof tasks.startWorker>>;
      try {
        worker = await tasks.startWorker({ concurrency, queues: options.queues, graceMs, schedules: options.schedules });
      } catch (error) {
        await tasks.closeQueues();
        await db.closeDatabase();
        throw error;
      }
      // One line on stdout when ready: scripts and tests wait for it.
      console.log(`worker ready: queues ${worker.queues.join(', ')} (concurrency ${worker.concurrency})`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log.info(`${signal}: stopping the worker; running jobs finish`);
          console.log(`worker stopping (${signal})`);
          resolve();
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      await worker.close();
      await tasks.closeQueues();
      await db.closeDatabase();
      await closeRedis();
      // Exit now, as `serve` does: connections an app's task opened on its own must not keep a stopped worker alive.
      await new Promise<void>((resolve) => {
        process.stdout.once('error', () => resolve()); // nobody reads our output any more: exit all the same
        process.stdout.write('worker stopped\n', () => resolve());
      });
      process.exit(0);
    })
    .addHelpText('after', '\nExamples:\n  REDIS_URL=redis://127.0.0.1:6379/0 npm run manage -- worker\n  node dist/src/manage.js worker --concurrency 4 --queues default emails');
}
