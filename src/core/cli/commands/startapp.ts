import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { loadApps } from '../../apps.js';
import { modelOptions, registeredModels, snakeCase } from '../../db/index.js';
import { CommandError } from '../../errors/index.js';
import { appsRoot, projectRoot } from '../../../settings/index.js';
import { appFiles, appNames } from '../scaffold.js';

/** Names an app cannot take: JavaScript reserved words (the name becomes identifiers) and folders of the kit. */
const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface ' +
    'package private protected public await async core apps settings migrations node_modules dist src test tests').split(' '),
);

/** Why `name` cannot be a new app, or undefined. */
async function problemWith(name: string, commands: ReadonlySet<string>): Promise<string | undefined> {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(name) || name.endsWith('_') || name.includes('__')) {
    return `Invalid app name '${name}': lower-case letters, digits and single underscores, starting with a letter (40 at most).`;
  }
  if (RESERVED.has(name)) return `Invalid app name '${name}': it is a reserved word.`;
  // Before the command names: an existing app's own command group carries its name.
  if (existsSync(join(appsRoot, name))) return `src/apps/${name} already exists.`;
  if (commands.has(name)) return `Invalid app name '${name}': it is a command of manage (apps' commands run as 'manage <app> <command>').`;
  const { model } = appNames(name);
  await loadApps();
  if (registeredModels().some((m) => m.name === model)) return `A model class named ${model} already exists: pick another app name.`;
  // Tables: those of the last migration (link tables included) and those of models not migrated yet.
  const snapshot = join(projectRoot, 'src', 'migrations', '.snapshot.json');
  const tables = new Set<string>(existsSync(snapshot) ? (JSON.parse(readFileSync(snapshot, 'utf8')) as { tables: Array<{ name: string }> }).tables.map((t) => t.name) : []);
  for (const m of registeredModels()) tables.add(modelOptions(m).tableName ?? snakeCase(m.name));
  if (tables.has(name)) return `A table named '${name}' already exists: pick another app name.`;
  return undefined;
}

/** Runs a node script of the project, its output shown; true when it succeeded. */
function runNode(args: string[]): boolean {
  return spawnSync(process.execPath, args, { cwd: projectRoot, stdio: 'inherit' }).status === 0;
}

/**
 * `startapp NAME`: writes `src/apps/NAME` (a model, its schemas, a CRUD controller at /api/NAME/, a command,
 * fixtures and a passing test), compiles the project and writes the app's migration with makemigrations.
 */
export function registerStartApp(program: Command): void {
  program
    .command('startapp')
    .summary('create an app in src/apps/<name>')
    .description('Create an app in src/apps/<name>: model, schemas, CRUD routes, a command, fixtures, a test, and its migration.')
    .argument('<name>', 'the app name: lower case, e.g. blog or pet_shop')
    .option('--no-migration', 'write the files only (then: npm run build && npm run makemigrations -- --name <name>)')
    .action(async (name: string, options: { migration: boolean }) => {
      // The commands `manage` has (built-ins, and the apps' when loaded): an app cannot be named after one.
      const commands = new Set(['help', ...program.commands.flatMap((c) => [c.name(), ...c.aliases()])]);
      const problem = await problemWith(name, commands);
      if (problem) throw new CommandError(problem, 2);
      const folder = join(appsRoot, name);
      for (const [path, text] of Object.entries(appFiles(name))) {
        const file = join(folder, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text, { flag: 'wx' });
        console.log(`Created src/apps/${name}/${path}`);
      }
      const manual = `npm run build && npm run makemigrations -- --name ${name}`;
      if (!options.migration) {
        console.log(`Next: ${manual}, then npm test -- --apps ${name}.`);
        return;
      }
      let tsc: string | undefined;
      try {
        tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      } catch {
        throw new CommandError(`The app is written, but TypeScript (a dev dependency) is missing to compile it: npm install, then ${manual}.`);
      }
      console.log('Compiling (tsc)…');
      if (!runNode([tsc, '-p', 'tsconfig.json'])) throw new CommandError(`The app is written, but the project does not compile: fix the errors above, then ${manual}.`);
      // The same code as `npm run makemigrations`, in a fresh process that discovers the new app.
      if (!runNode([join(projectRoot, 'dist', 'src', 'manage.js'), 'makemigrations', '--name', name])) {
        throw new CommandError(`The app is written and compiled, but its migration was not: ${manual}.`);
      }
      console.log(`App '${name}' is ready: npm run migrate applies its table; npm test -- --apps ${name} runs its tests; its API is /api/${appNames(name).kebab}/.`);
    })
    .addHelpText('after', '\nExample:\n  npm run manage -- startapp blog2');
}
