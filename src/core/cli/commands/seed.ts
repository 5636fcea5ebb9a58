import type { Command } from 'commander';
import { loadFixtures, type FixtureSource } from '../../fixtures/index.js';
import { migrate } from '../../db/index.js';
import { getSettings } from '../../../settings/index.js';
import { withDatabase } from '../bootstrap.js';

/** `seed`: loads fixtures (INITIAL_FIXTURES by default) and prints the rows created per model. */
export function registerSeed(program: Command): void {
  program
    .command('seed')
    .alias('fixtures')
    .description('Load fixtures: INITIAL_FIXTURES from settings, or the files given by --names, --apps or --paths. Each file loads atomically.')
    .option('-n, --names <names...>', 'fixture names, found in the apps\' fixtures/ folders (e.g. initial-users)')
    .option('-a, --apps <apps...>', "every file of these apps' fixtures/ folders")
    .option('-p, --paths <paths...>', 'fixture files by path')
    .action(async (options: { names?: string[]; apps?: string[]; paths?: string[] }) => {
      const sources: FixtureSource[] = [
        ...(options.names ?? []).map((name) => ({ name })),
        ...(options.apps ?? []).map((app) => ({ app })),
        ...(options.paths ?? []).map((path) => ({ path })),
      ];
      if (sources.length === 0) sources.push(...getSettings().INITIAL_FIXTURES.map((name) => ({ name })));
      const report = await withDatabase(async () => {
        await migrate();
        return loadFixtures(sources);
      });
      for (const file of report.files) {
        const counts = Object.entries(file.created).map(([model, n]) => `${model}: ${n}`).join(', ') || 'nothing';
        console.log(`${file.file}: ${counts}`);
      }
      console.log(`Loaded ${report.total} objects from ${report.files.length} file(s).`);
    });
}
