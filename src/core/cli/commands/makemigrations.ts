import { readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import type { Migrator } from '@mikro-orm/migrations';
import { closeDatabase, getOrm, initDatabase } from '../../db/index.js';
import { loadApps } from '../../apps.js';
import { projectRoot } from '../../../settings/index.js';

const folder = join(projectRoot, 'src', 'migrations');

/** Rewrites src/migrations/index.ts to list every migration file, oldest first (names sort by timestamp). */
export function writeMigrationIndex(): string[] {
  const files = readdirSync(folder).filter((f) => /^Migration\d+.*\.ts$/.test(f) && !f.endsWith('.d.ts')).sort();
  const names = files.map((f) => basename(f, '.ts'));
  const imports = names.map((n) => `import { ${n.replace(/[^A-Za-z0-9_]/g, '_')} } from './${n}.js';`).join('\n');
  const list = names.map((n) => `  { name: '${n}', class: ${n.replace(/[^A-Za-z0-9_]/g, '_')} },`).join('\n');
  writeFileSync(
    join(folder, 'index.ts'),
    `import type { MigrationObject } from '@mikro-orm/core';\n${imports}\n\n` +
      `/**\n * Every migration of the project, oldest first. \`npm run makemigrations\` writes a new file here and regenerates\n` +
      ` * this list; the server and \`npm run migrate\` apply it (no folder scanning, so dist/ and src/ agree).\n */\n` +
      `export const migrations: MigrationObject[] = [\n${list}\n];\n`,
  );
  return names;
}

/** `makemigrations`: writes a migration from the difference between the models and the last snapshot. */
export function registerMakeMigrations(program: Command): void {
  program
    .command('makemigrations')
    .description('Create a migration from the changes to the models since the last one (src/migrations/).')
    .option('--name <name>', 'a suffix for the file name')
    .option('--blank', 'an empty migration to fill by hand')
    .action(async (options: { name?: string; blank?: boolean }) => {
      await loadApps();
      // A private in-memory database: the diff is between the models and the committed snapshot.
      await initDatabase({ pgliteDir: 'memory', url: undefined }, undefined);
      try {
        const migrator = getOrm().getMigrator() as Migrator;
        // The name becomes part of a class name: keep it an identifier (MikroORM writes `blog-stats` as is).
        const name = options.name?.replace(/[^A-Za-z0-9_]+/g, '_');
        const result = await migrator.createMigration(folder, options.blank ?? false, false, name);
        if (!result.fileName) {
          console.log('No changes detected: the models match the last migration.');
          process.exitCode = 1;
          return;
        }
        writeMigrationIndex();
        console.log(`Created src/migrations/${result.fileName}`);
      } finally {
        await closeDatabase();
      }
    });
}
