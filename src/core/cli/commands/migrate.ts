import type { Command } from 'commander';
import { migrate, migrationStatus } from '../../db/index.js';
import { CommandError } from '../../errors/index.js';
import { withDatabase } from '../bootstrap.js';
import { checkSchema } from '../schema-check.js';

/** `migrate [up|down|status]`: applies, reverts or lists the migrations of src/migrations. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .summary('apply, revert or list migrations')
    .description(
      'Apply pending migrations (up, the default), revert them (down) or list them (status). Then warns when the models ' +
        'differ from the migrations or the database (with APP_ENVIRONMENT=test, up fails instead).',
    )
    .argument('[action]', 'up | down | status', 'up')
    .option('--to <name>', "stop at this migration (down: '0' reverts all)")
    .action(async (action: string, options: { to?: string }) => {
      if (!['up', 'down', 'status'].includes(action)) throw new CommandError(`Unknown migrate action '${action}': use up, down or status.`, 2);
      await withDatabase(async () => {
        if (action === 'status') {
          for (const m of await migrationStatus()) console.log(`${m.applied ? '[x]' : '[ ]'} ${m.name}`);
          return;
        }
        const result = await migrate({ to: options.to, down: action === 'down' });
        const verb = action === 'down' ? 'Reverted' : 'Applied';
        if (result.migrations.length === 0) console.log(action === 'down' ? 'Nothing to revert.' : 'No pending migrations.');
        for (const name of result.migrations) console.log(`${verb} ${name}`);
        // After `down` the models are ahead of the database on purpose: said, never an error.
        await checkSchema({ strict: action !== 'down' });
      });
    })
    .addHelpText(
      'after',
      '\nExamples:\n  npm run migrate\n  npm run migrate -- status\n  npm run migrate -- down                 # the last migration\n  npm run migrate -- down --to 0          # all of them',
    );
}
