import { Command } from 'commander';
import { registerMakeMigrations } from './commands/makemigrations.js';
import { registerMigrate } from './commands/migrate.js';
import { registerSeed } from './commands/seed.js';

/** The management CLI: `npm run manage -- <command>`; every command has `--help`. */
export function buildProgram(): Command {
  const program = new Command('manage')
    .description('Manage the project: database, fixtures and more.')
    .option('--verbose', 'print stack traces of errors')
    .showHelpAfterError();
  registerMigrate(program);
  registerMakeMigrations(program);
  registerSeed(program);
  return program;
}

/** Runs the CLI: errors print as one line (with the stack under --verbose) and exit with code 1. */
export async function runCli(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const verbose = program.opts<{ verbose?: boolean }>().verbose || argv.includes('--verbose');
    console.error(verbose && error instanceof Error ? error.stack : `Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
