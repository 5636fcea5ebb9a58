import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { closeDatabase, getMigrator, getOrm, initDatabase, migrationFilesDrift } from '../../db/index.js';
import { loadApps } from '../../apps.js';
import { CommandError } from '../../errors/index.js';
import { projectRoot } from '../../../settings/index.js';

const folder = join(projectRoot, 'src', 'migrations');

/** The index writer and compiler the build shares (plain JavaScript in scripts/: the build runs before compiling). */
type MigrationIndexModule = typeof import('../../../../scripts/migration-index.mjs');
const migrationIndexModule = async () => (await import(pathToFileURL(join(projectRoot, 'scripts', 'migration-index.mjs')).href)) as MigrationIndexModule;

/**
 * Rewrites src/migrations/index.ts to list the migration files present, oldest first (names sort by
 * timestamp): a migration deleted after `migrate down` leaves the list. Returns the names.
 */
export async function writeMigrationIndex(): Promise<{ names: string[]; written: boolean }> {
  return (await migrationIndexModule()).syncMigrationIndex(folder);
}

/** Compiles migration sources into dist/ (TypeScript's transpiler; false without TypeScript). */
export async function compileMigrations(files: readonly string[]): Promise<boolean> {
  return (await migrationIndexModule()).compileMigrations(projectRoot, files);
}

/**
 * The suffix of a migration's file and class name: letters, digits and underscores (a hyphen becomes an
 * underscore: MikroORM names the class after the file, and `Migration…_add-field` is not a class name).
 */
export function migrationSuffix(name: string): string {
  const suffix = name.trim().replace(/-/g, '_');
  if (!/^[A-Za-z0-9_]{1,80}$/.test(suffix)) throw new CommandError(`Invalid migration name '${name}': use letters, digits, '-' and '_' (80 at most).`, 2);
  return suffix;
}

/** What `makeMigration` can do besides writing the migration. */
export interface MakeMigrationOptions {
  /** Suffix of the file name, e.g. `add_post_summary`. */
  name?: string;
  /** An empty migration to fill by hand. */
  blank?: boolean;
  /** Write nothing: fail when the models differ from the last migration (CI). */
  check?: boolean;
}

/**
 * Writes a migration from the difference between the models and what the migration files present build (their
 * schema becomes the snapshot, `src/migrations/.snapshot.json`), and lists those files in
 * `src/migrations/index.ts` (a migration deleted after `migrate down` leaves it). Returns the file name.
 * @throws CommandError when nothing changed (or, with `check`, when something did).
 */
export async function makeMigration(options: MakeMigrationOptions = {}): Promise<string> {
  const suffix = options.name === undefined ? undefined : migrationSuffix(options.name);
  const index = await writeMigrationIndex();
  if (index.written) await compileMigrations(['index.ts']);
  await loadApps();
  // A private in-memory database, where the migration files present are applied: the diff is between the
  // models and what those files build.
  await initDatabase({ pgliteDir: 'memory', url: undefined }, undefined);
  try {
    const orm = getOrm();
    const migrator = await getMigrator(orm);
    const changes = await migrationFilesDrift(orm, index.names);
    if (options.check) {
      if (changes.length) {
        throw new CommandError(['The models changed since the last migration:', ...changes.map((line) => `  - ${line}`), 'Run `npm run makemigrations`.'].join('\n'));
      }
      return '';
    }
    const result = await migrator.createMigration(folder, options.blank ?? false, false, suffix);
    if (!result.fileName) throw new CommandError('No changes detected: the models match the last migration (use --blank for an empty one).');
    await writeMigrationIndex();
    if (!(await compileMigrations([result.fileName, 'index.ts']))) {
      console.error('TypeScript is not installed: run npm run build before npm run migrate.');
    }
    return result.fileName;
  } finally {
    await closeDatabase();
  }
}

/** `makemigrations`: writes a migration from the difference between the models and the last snapshot. */
export function registerMakeMigrations(program: Command): void {
  program
    .command('makemigrations')
    .summary('write a migration from the model changes')
    .description('Create a migration in src/migrations/ from the changes to the models since the last one; fails when nothing changed.')
    .option('--name <name>', 'a suffix for the file name (letters, digits, - and _)')
    .option('--blank', 'an empty migration to fill by hand')
    .option('--check', 'write nothing; exit 1 when the models need a migration (for CI)')
    .action(async (options: MakeMigrationOptions) => {
      const fileName = await makeMigration(options);
      console.log(options.check ? 'No changes: the migrations match the models.' : `Created src/migrations/${fileName}`);
    })
    .addHelpText(
      'after',
      '\nExamples:\n  npm run makemigrations -- --name add-post-summary\n  npm run makemigrations -- --check   # in CI: fails when a migration is missing',
    );
}
