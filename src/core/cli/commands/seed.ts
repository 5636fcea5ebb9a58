import type { Command } from 'commander';
import { loadFixtures, type FileReport, type FixtureSource } from '../../fixtures/index.js';
import { migrate } from '../../db/index.js';
import { getSettings } from '../../../settings/index.js';
import { withDatabase } from '../bootstrap.js';
import { discoverApps } from '../../apps.js';
import { CommandError } from '../../errors/index.js';
import { createProgressBar, type ProgressBar } from '../progress.js';

/** Files with more entries than this show a progress bar on stderr. */
export const PROGRESS_THRESHOLD = 1000;

/** A progress callback for `loadFixtures` that draws a bar per file over PROGRESS_THRESHOLD entries. */
function progressPrinter() {
  let bar: ProgressBar | undefined;
  let current = '';
  const onProgress = (done: number, total: number, file: string) => {
    if (total <= PROGRESS_THRESHOLD) return;
    if (!bar || file !== current) {
      bar?.stop();
      current = file;
      bar = createProgressBar(file);
      bar.start(total);
    }
    bar.update(done);
    if (done >= total) {
      bar.stop();
      bar = undefined;
    }
  };
  // A failed file leaves its bar unfinished: end the line so the error starts on its own.
  const finish = () => bar?.stop();
  return { onProgress, finish };
}

/** One file's line: `user.User: 1 created, 2 unchanged; hero.Hero: 6 updated` (models in file order). */
export function describeFile(file: FileReport): string {
  const models = [...new Set([...Object.keys(file.created), ...Object.keys(file.updated), ...Object.keys(file.unchanged)])];
  if (models.length === 0) return 'nothing';
  return models
    .map((model) => {
      const parts = (['created', 'updated', 'unchanged'] as const).filter((k) => file[k][model]).map((k) => `${file[k][model]} ${k}`);
      return `${model}: ${parts.join(', ')}`;
    })
    .join('; ');
}

/** `seed`: loads fixtures (INITIAL_FIXTURES by default) and prints the rows created, updated and unchanged per model. */
export function registerSeed(program: Command): void {
  program
    .command('seed')
    .summary('load fixtures (alias: fixtures)')
    .alias('fixtures')
    .description(
      'Load fixtures: INITIAL_FIXTURES from settings, or the files given by --names, --apps or --paths. Applies pending ' +
        `migrations first. Loading is repeatable: a row that exists (same id or natural key) is updated, not duplicated. Each file loads atomically; files over ${PROGRESS_THRESHOLD} entries show a progress bar on stderr.`,
    )
    .option('-n, --names <names...>', 'fixture names, found in the apps\' fixtures/ folders (e.g. initial-users)')
    .option('-a, --apps <apps...>', "every file of these apps' fixtures/ folders")
    .option('-p, --paths <paths...>', 'fixture files by path')
    .action(async (options: { names?: string[]; apps?: string[]; paths?: string[] }) => {
      const sources: FixtureSource[] = [
        ...(options.names ?? []).map((name) => ({ name })),
        ...(options.apps ?? []).map((app) => ({ app })),
        ...(options.paths ?? []).map((path) => ({ path })),
      ];
      // An app that does not exist is a usage error (exit 2), as in `test --apps`.
      const known = discoverApps().map((app) => app.name);
      const unknown = (options.apps ?? []).filter((app) => !known.includes(app));
      if (unknown.length) throw new CommandError(`Unknown app ${unknown.join(', ')}. Apps: ${known.join(', ')}.`, 2);
      if (sources.length === 0) sources.push(...getSettings().INITIAL_FIXTURES.map((name) => ({ name })));
      const progress = progressPrinter();
      const report = await withDatabase(async () => {
        await migrate();
        return loadFixtures(sources, { onProgress: progress.onProgress });
      }).finally(progress.finish);
      for (const file of report.files) console.log(`${file.file}: ${describeFile(file)}`);
      console.log(`Loaded ${report.total} objects from ${report.files.length} file(s): ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`);
    })
    .addHelpText(
      'after',
      '\nExamples:\n  npm run seed\n  npm run seed -- --names users posts\n  npm run seed -- --apps hero\n  npm run seed -- --paths fixtures/demo.yaml',
    );
}
