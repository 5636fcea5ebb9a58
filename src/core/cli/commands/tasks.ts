import type { Command } from 'commander';
import { CommandError } from '../../errors/index.js';

interface ListOptions {
  queues?: string[];
  limit: string;
  json?: boolean;
}

/** Loads the apps (their tasks), checks the queue is configured, runs `fn`, closes the queue connections. */
async function withQueues<T>(fn: (tasks: typeof import('../../tasks/index.js'), queues: (asked?: string[]) => string[]) => Promise<T>): Promise<T> {
  const [{ loadApps }, tasks] = await Promise.all([import('../../apps.js'), import('../../tasks/index.js')]);
  if (tasks.tasksMode() !== 'queued') throw new CommandError('manage tasks needs REDIS_URL: without it, tasks run in-process when enqueued and nothing is queued.');
  await loadApps();
  try {
    return await fn(tasks, (asked) => (asked?.length ? asked : tasks.taskQueues()));
  } finally {
    await tasks.closeQueues();
  }
}

const line = (cells: Array<string | number | null>) => cells.map((c) => String(c ?? '-')).join('\t');

/**
 * `tasks`: the queues' counts, workers, schedules and failed jobs (`list`, the default); `failed` lists the
 * failed jobs; `retry <id>` (or `retry --all`) moves failed jobs back to waiting.
 */
export function registerTasks(program: Command): void {
  const tasks = program
    .command('tasks')
    .summary('inspect the task queues; retry failed jobs')
    .description('Inspect the task queues on REDIS_URL: counts, workers, schedules and failed jobs; retry failed jobs.');

  tasks
    .command('list', { isDefault: true })
    .description('each queue\'s job counts and workers, the schedules, and the newest failed jobs')
    .option('-q, --queues <names...>', 'queues (default: every queue a task uses)')
    .option('-n, --limit <n>', 'failed jobs shown per queue', '20')
    .option('--json', 'print one JSON object')
    .action((options: ListOptions) =>
      withQueues(async (t, queuesOf) => {
        const queues = queuesOf(options.queues);
        const report = {
          queues: await t.summarizeQueues(queues),
          schedules: await t.listSchedules(queues),
          failed: await t.failedJobs(queues, Number(options.limit) || 20),
        };
        if (options.json) return void console.log(JSON.stringify(report));
        console.log(line(['queue', 'waiting', 'active', 'delayed', 'completed', 'failed', 'workers']));
        for (const q of report.queues) console.log(line([q.queue, q.waiting, q.active, q.delayed, q.completed, q.failed, q.workers]));
        console.log(`\nschedules (${report.schedules.length})`);
        for (const s of report.schedules) console.log(line([s.queue, s.id, s.task, s.cron ?? `every ${s.every} ms`, `next ${s.next}`]));
        console.log(`\nfailed jobs (${report.failed.length})`);
        for (const f of report.failed) console.log(line([f.queue, f.id, f.task, `attempts ${f.attempts}`, f.failedAt, f.reason]));
      }),
    );

  tasks
    .command('failed')
    .description('the failed (dead-letter) jobs, newest first, with their payloads')
    .option('-q, --queues <names...>', 'queues (default: every queue a task uses)')
    .option('-n, --limit <n>', 'jobs per queue', '100')
    .option('--json', 'print a JSON array')
    .action((options: ListOptions) =>
      withQueues(async (t, queuesOf) => {
        const failed = await t.failedJobs(queuesOf(options.queues), Number(options.limit) || 100);
        if (options.json) return void console.log(JSON.stringify(failed));
        for (const f of failed) console.log(line([f.queue, f.id, f.task, `attempts ${f.attempts}`, f.failedAt, f.reason, JSON.stringify(f.data)]));
        if (failed.length === 0) console.log('No failed jobs.');
      }),
    );

  tasks
    .command('retry')
    .description('move a failed job (or --all of them) back to waiting, with its attempts reset')
    .argument('[id]', 'the failed job\'s id (see `manage tasks failed`)')
    .option('-q, --queue <name>', 'its queue', 'default')
    .option('--all', 'every failed job of the queue')
    .action((id: string | undefined, options: { queue: string; all?: boolean }) =>
      withQueues(async (t) => {
        if (options.all) {
          const count = await t.retryAllFailed(options.queue);
          console.log(`Retrying ${count} failed job(s) of queue '${options.queue}'.`);
          return;
        }
        if (!id) throw new CommandError('Give a job id, or --all.', 2);
        try {
          await t.retryJob(options.queue, id);
        } catch (error) {
          if (error instanceof t.NotRetryable) throw new CommandError(error.message);
          throw error;
        }
        console.log(`Retrying job ${id} of queue '${options.queue}'.`);
      }),
    );

  tasks.addHelpText('after', '\nExamples:\n  npm run manage -- tasks\n  npm run manage -- tasks failed --json\n  npm run manage -- tasks retry 42\n  npm run manage -- tasks retry --all --queue default');
}
