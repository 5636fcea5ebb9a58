import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import repl from 'node:repl';
import type { Command } from 'commander';
import { currentEm, getOrm, registeredModels, setFallbackEntityManager, transaction, withContext } from '../../db/index.js';
import { projectRoot } from '../../../settings/index.js';
import { withDatabase } from '../bootstrap.js';

/**
 * `shell`: a Node REPL with the apps loaded, the database open and one database context for the session:
 * every model is in scope by class name, and top-level `await` works.
 */
export function registerShell(program: Command): void {
  program
    .command('shell')
    .summary('a REPL with the database open and the models in scope')
    .description(
      'Open a Node REPL with the database open and every model in scope by class name (top-level await works). ' +
        'With -c, or code on stdin (not a terminal), run that code instead and exit.',
    )
    .option('-c, --command <code>', 'run this code (top-level await works; print with console.log) and exit')
    .action(async (options: { command?: string }) => {
      const code = options.command ?? (process.stdin.isTTY ? undefined : await readStdin());
      await withDatabase(async () => {
        const em = currentEm();
        // REPL evaluations run from stdin events, outside this async context: give them the same one.
        setFallbackEntityManager(em);
        try {
          const scope: Record<string, unknown> = { em, orm: getOrm(), transaction, withContext };
          for (const model of registeredModels()) scope[model.name] = model;
          if (code !== undefined) await runCode(code, scope);
          else await runRepl(scope);
        } finally {
          setFallbackEntityManager(undefined);
        }
      });
    })
    .addHelpText(
      'after',
      '\nExamples:\n  npm run manage -- shell\n  kit> await Hero.filter({ age__gte: 50 })\n' +
        '  npm run manage -- shell -c "console.log(await User.count())"\n  node dist/src/manage.js shell < script.js',
    );
}

/** All of stdin, as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

/** Runs `code` as the body of an async function whose parameters are the scope's names. */
async function runCode(code: string, scope: Record<string, unknown>): Promise<void> {
  const fn = new AsyncFunction(...Object.keys(scope), code);
  await fn(...Object.values(scope));
}

/** The interactive REPL, until .exit or Ctrl-D. */
async function runRepl(scope: Record<string, unknown>): Promise<void> {
  const models = Object.keys(scope).filter((name) => /^[A-Z]/.test(name)).sort();
  console.log(`Models: ${models.join(', ')}`);
  console.log('Also: em, orm, transaction, withContext. Top-level await works; .exit or Ctrl-D leaves.');
  const server = repl.start({ prompt: 'kit> ', useGlobal: false, ignoreUndefined: true });
  Object.assign(server.context, scope);
  mkdirSync(join(projectRoot, '.data'), { recursive: true });
  server.setupHistory(join(projectRoot, '.data', 'shell_history'), () => undefined);
  await new Promise<void>((resolve) => server.once('exit', resolve));
}
