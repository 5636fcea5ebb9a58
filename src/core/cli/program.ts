import { Command, CommanderError } from 'commander';
import { CommandError } from '../errors/index.js';
import { loadAppCommands } from './app-commands.js';
import { registerCollectStatic } from './commands/collectstatic.js';
import { registerHealthcheck } from './commands/healthcheck.js';
import { registerMakeMigrations } from './commands/makemigrations.js';
import { registerMigrate } from './commands/migrate.js';
import { registerSeed } from './commands/seed.js';
import { registerServe } from './commands/serve.js';
import { registerShell } from './commands/shell.js';
import { registerStartApp } from './commands/startapp.js';
import { registerTasks } from './commands/tasks.js';
import { registerTest } from './commands/test.js';
import { registerWorker } from './commands/worker.js';

/** The built-in commands, in the order `--help` lists them. */
const BUILT_IN: Array<(program: Command) => void> = [
  registerServe,
  registerWorker,
  registerTasks,
  registerMigrate,
  registerMakeMigrations,
  registerSeed,
  registerStartApp,
  registerShell,
  registerHealthcheck,
  registerCollectStatic,
  registerTest,
];

/** Usage errors (unknown option, missing argument…) as one line: `Error: unknown option '--x' (see --help)`. */
const oneLine = (text: string) => `Error: ${text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()} (see --help)\n`;

/** The settings every command shares: errors as one line, exit codes handled by `runCli`, global options in help. */
export function configureCommand(command: Command): Command {
  return command
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(oneLine(text)) })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false });
}

/** The names and aliases of the built-in commands (an app cannot be named after one: `manage <app> …`). */
export function builtInCommandNames(): Set<string> {
  const program = new Command();
  for (const register of BUILT_IN) register(program);
  return new Set(['help', ...program.commands.flatMap((c) => [c.name(), ...c.aliases()])]);
}

/**
 * The management CLI: `npm run manage -- <command>`; every command has `--help`. App commands
 * (`src/apps/<app>/commands/`) are added when `withAppCommands` is true: their `topLevelCommands` as
 * `manage <command>`, the others as `manage <app> <command>`.
 */
export async function buildProgram(options: { withAppCommands?: boolean } = {}): Promise<Command> {
  const program = configureCommand(new Command('manage'))
    .description('Manage the project: server, database, fixtures, apps and tests.')
    .option('--verbose', 'print stack traces of errors')
    .addHelpText('after', '\nExit codes: 0 success, 1 failure, 2 bad usage. Run `manage <command> --help` for a command\'s options.');
  for (const register of BUILT_IN) register(program);
  if (options.withAppCommands ?? true) {
    const taken = builtInCommandNames();
    const { groups, topLevel } = await loadAppCommands();
    for (const { app, command } of topLevel) {
      if (taken.has(command.name())) throw new CommandError(`App '${app}' adds the command '${command.name()}', which another command already has: rename it.`);
      taken.add(command.name());
      program.addCommand(command);
    }
    for (const group of groups) {
      if (taken.has(group.name())) throw new CommandError(`App '${group.name()}' has commands but its name is a command already: rename the app.`);
      program.addCommand(group);
    }
  }
  // Commands registered with program.command() inherit these settings; app commands are added, so copy them.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      configureCommand(sub.copyInheritedSettings(command));
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/** The first word that is not an option: the command asked for (`serve` in `manage --verbose serve -p 1`). */
function requestedCommand(args: readonly string[]): string | undefined {
  return args.find((arg) => !arg.startsWith('-'));
}

/**
 * Runs the CLI. Exit codes: 0 success, 1 failure, 2 bad usage. Errors print as one line on stderr
 * (`Error: …`), with the stack under `--verbose`. App commands are imported only when a built-in is not asked
 * for, so `healthcheck` and friends stay quick.
 */
export async function runCli(argv: string[] = process.argv): Promise<void> {
  const verbose = argv.includes('--verbose');
  try {
    const asked = requestedCommand(argv.slice(2));
    // startapp needs them too: a new app must not be named after an app's top-level command.
    const withAppCommands = asked === undefined || asked === 'help' || asked === 'startapp' || !builtInCommandNames().has(asked);
    const program = await buildProgram({ withAppCommands });
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander printed the message (or the help) already.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (verbose && error instanceof Error) console.error(error.stack);
    // The kit's own messages keep their lines (a list of schema differences); anything else is said in one.
    else if (error instanceof CommandError) console.error(`Error: ${error.message}`);
    else console.error(`Error: ${(error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ')}`);
    process.exitCode = error instanceof CommandError ? error.exitCode : 1;
  }
}
