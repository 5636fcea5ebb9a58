/**
 * The list of migrations, `src/migrations/index.ts`, rebuilt from the migration files present: the build runs it
 * before compiling (so deleting a migration after `manage migrate down` does not break the build) and
 * `makemigrations` after writing one. Plain JavaScript: it runs before anything is compiled.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** `Migration20261125195019_initial` is its own class name; anything else becomes an underscore. */
const identifier = (name) => name.replace(/[^A-Za-z0-9_]/g, '_');

/** The migration files of `folder`, oldest first (their names start with a timestamp), without `.ts`. */
export function migrationNames(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => /^Migration\d+.*\.ts$/.test(file) && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => basename(file, '.ts'));
}

/** The source of `index.ts` listing `names`, each migration's class imported on demand. */
export function migrationIndexSource(names) {
  const list = names.map((name) => `  { name: '${name}', load: async () => (await import('./${name}.js')).${identifier(name)} },`).join('\n');
  return (
    `import type { MigrationList } from '../core/db/index.js';\n\n` +
    `/**\n * Every migration of the project, oldest first. \`npm run makemigrations\` writes a new file here and regenerates\n` +
    ` * this list; the server and \`npm run migrate\` apply it (no folder scanning, so dist/ and src/ agree). A migration\n` +
    ` * is imported only when migrations run: a server whose database is up to date loads none of them.\n */\n` +
    `export const migrations: MigrationList = [\n${list}\n];\n`
  );
}

/**
 * Rewrites `<folder>/index.ts` when it does not list exactly the migration files present (an unchanged list is
 * left alone, so the build stays incremental). Returns the names listed and whether the file was rewritten.
 */
export function syncMigrationIndex(folder) {
  const names = migrationNames(folder);
  const path = join(folder, 'index.ts');
  const source = migrationIndexSource(names);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === source || (current === undefined && names.length === 0)) return { names, written: false };
  writeFileSync(path, source);
  return { names, written: true };
}

/**
 * Compiles migration sources of `<root>/src/migrations` into `<root>/dist/src/migrations` with TypeScript's own
 * transpiler (a migration has no decorators): `makemigrations` runs it so `node dist/src/manage.js migrate` sees
 * a new migration before the next build, and the build after rebuilding the list (tsc's incremental state may
 * believe the list it compiled last is still in dist/). False without TypeScript (a production install).
 */
export async function compileMigrations(root, files) {
  let ts;
  try {
    ts = (await import('typescript')).default;
  } catch {
    return false;
  }
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const out = join(root, 'dist', 'src', 'migrations');
  mkdirSync(out, { recursive: true });
  for (const file of files) {
    const source = join(root, 'src', 'migrations', file);
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
      fileName: source,
      // The package is "type": "module": NodeNext would emit ESM, but transpileModule cannot see package.json.
      compilerOptions: { ...options, module: ts.ModuleKind.ES2022, moduleResolution: undefined, sourceMap: false, inlineSourceMap: false, declaration: false },
    });
    writeFileSync(join(out, file.replace(/\.ts$/, '.js')), outputText);
  }
  return true;
}
