import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { discoverApps } from '../../apps.js';
import { CommandError } from '../../errors/index.js';
import { projectRoot } from '../../../settings/index.js';

interface TestOptions {
  apps?: string[];
  endToEnd?: boolean;
  grep?: string;
  bail?: boolean;
}

/** The unit suite's mocha config and the end-to-end suite's (a real server on PostgreSQL, no root hooks). */
export const MOCHA_CONFIGS = { unit: '.mocharc.json', e2e: '.mocharc.e2e.json' } as const;

/** A mocha config file as command-line options, without its `spec` (the command picks the files). */
export function configArgs(file: string): { args: string[]; spec: string[] } {
  const config = JSON.parse(readFileSync(join(projectRoot, file), 'utf8')) as Record<string, unknown>;
  const args = ['--no-config'];
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : [String(value)]);
  for (const [key, value] of Object.entries(config)) {
    if (key === 'spec') continue;
    if (value === true) args.push(`--${key}`);
    else if (value === false) args.push(`--no-${key}`);
    else for (const item of list(value)) args.push(`--${key}`, item);
  }
  return { args, spec: config.spec === undefined ? [] : list(config.spec) };
}

/**
 * The compiled spec files of a path given in sources (`src/apps/hero/tests/heroes.spec.ts`,
 * `src/apps/hero`, `test/e2e`) or already in dist/: a folder means every spec under it.
 */
export function compiledSpecs(path: string): string {
  const absolute = isAbsolute(path) ? path : resolve(process.cwd(), path);
  let inDist = relative(projectRoot, absolute);
  if (inDist.startsWith('..')) throw new CommandError(`${path} is outside the project.`, 2);
  if (!inDist.startsWith(`dist/`) && inDist !== 'dist') inDist = join('dist', inDist);
  inDist = inDist.replace(/\.ts$/, '.js');
  const full = join(projectRoot, inDist);
  if (!existsSync(full)) throw new CommandError(`No compiled tests at ${inDist} for ${path}: build first (npm run build), or check the path.`, 2);
  return statSync(full).isDirectory() ? join(inDist, '**', '*.spec.js') : inDist;
}

/**
 * `test`: runs mocha on the compiled suite with APP_ENVIRONMENT=test: everything, some apps' tests, some files,
 * or (`-e`) the end-to-end suite. The exit code is mocha's.
 */
export function registerTest(program: Command): void {
  program
    .command('test')
    .summary("run the unit tests, some apps' or the end-to-end suite")
    .description('Run the tests (compiled, in dist/): the whole unit suite, --apps, some paths, or -e for the end-to-end suite.')
    .argument('[paths...]', 'test files or folders (src/… or dist/…)')
    .option('-a, --apps <apps...>', "only these apps' tests")
    .option('-e, --end-to-end', 'the end-to-end suite (test/e2e: a real server on PostgreSQL; see E2E_DATABASE_URL)')
    .option('-g, --grep <pattern>', 'only the tests whose title matches')
    .option('--bail', 'stop at the first failure')
    .action(async (paths: string[], options: TestOptions) => {
      if (options.apps && paths.length) throw new CommandError("Cannot specify both --apps and test paths.", 2);
      if (options.apps && options.endToEnd) throw new CommandError('--apps selects unit tests; the end-to-end suite (-e) is not split by app.', 2);
      const { args, spec } = configArgs(options.endToEnd ? MOCHA_CONFIGS.e2e : MOCHA_CONFIGS.unit);
      let specs = spec;
      if (options.apps) {
        const known = discoverApps().map((app) => app.name);
        const unknown = options.apps.filter((app) => !known.includes(app));
        if (unknown.length) throw new CommandError(`Unknown app ${unknown.join(', ')}. Apps: ${known.join(', ')}.`, 2);
        specs = options.apps.map((app) => `dist/src/apps/${app}/**/tests/**/*.spec.js`);
      } else if (paths.length) {
        specs = paths.map(compiledSpecs);
      }
      if (options.grep) args.push('--grep', options.grep);
      if (options.bail) args.push('--bail');

      let mocha: string;
      try {
        mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
      } catch {
        throw new CommandError('mocha is not installed (a dev dependency): run npm install.');
      }
      const child = spawn(process.execPath, [mocha, ...args, ...specs], {
        cwd: projectRoot,
        stdio: 'inherit',
        env: { ...process.env, APP_ENVIRONMENT: 'test' },
      });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward).on('SIGTERM', forward);
      const code = await new Promise<number>((done) => child.once('exit', (status, signal) => done(status ?? (signal ? 1 : 0))));
      process.off('SIGINT', forward).off('SIGTERM', forward);
      process.exitCode = code;
    })
    .addHelpText(
      'after',
      '\nExamples:\n  npm test\n  npm test -- --apps hero blog\n  npm test -- src/apps/hero/tests/heroes.spec.ts --grep PATCH\n  npm run test:e2e          # = manage test -e',
    );
}
