import { databaseDrift, migrationStatus } from '../db/index.js';
import { CommandError } from '../errors/index.js';
import { getSettings } from '../../settings/index.js';

/** The differences as a message, with the command that fixes them (`pending`: migrations not applied). */
export function schemaReport(differences: readonly string[], pending: readonly string[]): string {
  const advice = pending.length
    ? `Not applied: ${pending.join(', ')}. \`npm run migrate\` applies them; to drop one instead, delete its file ` +
      'from src/migrations/, change the models, then run `npm run makemigrations`.'
    : 'No applied migration has these changes: if the models changed, run `npm run makemigrations`, then `npm run migrate` (a database changed by hand must be changed back).';
  return ['The database does not match the models:', ...differences.map((line) => `  - ${line}`), advice].join('\n');
}

/**
 * Compares the models with the database once `migrate`/`serve` applied the migrations, and prints what differs
 * with the command that fixes it: a model change without a migration is found here, not as a server error on
 * the first request. With `APP_ENVIRONMENT=test` (unless `strict` is false) it throws instead: a test run must
 * not go on against a schema the models do not match.
 */
export async function checkSchema(options: { strict?: boolean } = {}): Promise<void> {
  const differences = await databaseDrift();
  if (differences.length === 0) return;
  const pending = (await migrationStatus()).filter((m) => !m.applied).map((m) => m.name);
  const report = schemaReport(differences, pending);
  if ((options.strict ?? true) && getSettings().APP_ENVIRONMENT === 'test') throw new CommandError(report);
  console.warn(`Warning: ${report}`);
}
