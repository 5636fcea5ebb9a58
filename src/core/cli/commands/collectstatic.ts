import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Command } from 'commander';
import { discoverApps } from '../../apps.js';
import { kitStaticsDir } from '../../web/index.js';
import { CommandError } from '../../errors/index.js';
import { getSettings, projectRoot } from '../../../settings/index.js';

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, join(prefix, entry)));
    else out.push(join(prefix, entry));
  }
  return out;
}

/** The folder STATIC_ROOT names (relative to the project root unless absolute). */
export function staticRoot(): string {
  const root = getSettings().STATIC_ROOT;
  return isAbsolute(root) ? root : join(projectRoot, root);
}

/** Empties `root` except its dot-files (`.gitkeep`, `.htaccess`); returns the number of files removed. */
export function clearStaticRoot(root: string): number {
  if (!existsSync(root)) return 0;
  let removed = 0;
  for (const entry of readdirSync(root)) {
    if (entry.startsWith('.')) continue;
    const full = join(root, entry);
    removed += statSync(full).isDirectory() ? filesUnder(full).length : 1;
    rmSync(full, { recursive: true, force: true });
  }
  return removed;
}

/**
 * `collectstatic`: copies every app's `statics/` folder (`src/apps/<app>/statics/<app>/css/x.css`) into
 * STATIC_ROOT (`statics/<app>/css/x.css`), where a web server or a volume can serve them.
 */
export function registerCollectStatic(program: Command): void {
  program
    .command('collectstatic')
    .summary("copy the apps' statics into STATIC_ROOT")
    .description("Copy the apps' statics (src/apps/<app>/statics/*) into STATIC_ROOT (default statics/).")
    .option('-a, --apps <apps...>', 'only these apps')
    .option('-c, --clear', 'first empty STATIC_ROOT (dot-files are kept)')
    .action((options: { apps?: string[]; clear?: boolean }) => {
      const root = staticRoot();
      const shown = relative(projectRoot, root) || root;
      const all = discoverApps();
      const unknown = (options.apps ?? []).filter((name) => !all.some((app) => app.name === name));
      if (unknown.length) throw new CommandError(`Unknown app ${unknown.join(', ')}. Apps: ${all.map((a) => a.name).join(', ')}.`, 2);
      const apps = options.apps ? all.filter((app) => options.apps!.includes(app.name)) : all;

      if (options.clear) console.log(`${clearStaticRoot(root)} static files cleared from ${shown}/.`);
      mkdirSync(root, { recursive: true });
      const origin = new Map<string, string>();
      let total = 0;
      // The kit's own statics (the site stylesheet under kit/) come first, unless only some apps are asked for.
      const sources = [...(options.apps ? [] : [{ name: 'kit', srcDir: join(kitStaticsDir, '..') }]), ...apps];
      for (const app of sources) {
        const source = join(app.srcDir, 'statics');
        if (!existsSync(source) || !statSync(source).isDirectory()) {
          if (options.apps) console.log(`Skipping app '${app.name}': it has no statics/ folder.`);
          continue;
        }
        const files = filesUnder(source);
        for (const file of files) {
          const previous = origin.get(file);
          if (previous) console.error(`Warning: ${file} of app '${app.name}' replaces the one of app '${previous}'.`);
          origin.set(file, app.name);
        }
        cpSync(source, root, { recursive: true });
        total += files.length;
        console.log(`${files.length} static files collected from ${relative(projectRoot, source)}/.`);
      }
      console.log(total === 0 ? 'No static files were found to be collected.' : `${total} static files collected into ${shown}/.`);
    })
    .addHelpText('after', '\nExamples:\n  npm run manage -- collectstatic --clear\n  STATIC_ROOT=/srv/static npm run manage -- collectstatic --apps authentication');
}
