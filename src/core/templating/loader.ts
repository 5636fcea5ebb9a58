import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { ILoader, LoaderSource } from 'nunjucks';

/** A folder templates are found in, and who owns it (for error messages). */
export interface TemplateRoot {
  owner: string;
  dir: string;
}

/** Two folders hold the same template name: which one is meant cannot be decided, so it is an error. */
export class AmbiguousTemplateError extends Error {
  constructor(readonly templateName: string, readonly paths: string[]) {
    super(`Ambiguous template name '${templateName}', many templates found: [${paths.join(', ')}]`);
    this.name = 'AmbiguousTemplateError';
  }
}

/** No app has a template of that name. */
export class TemplateNotFoundError extends Error {
  constructor(readonly templateName: string, searched: string[]) {
    super(`Template not found: '${templateName}' (searched ${searched.join(', ') || 'no template folders'})`);
    this.name = 'TemplateNotFoundError';
  }
}

/**
 * Finds a template name (`authentication/login.html`) in every app's `templates/` folder, as Django's app
 * loader does; a name found in two folders is an error naming both paths. With `reload`, a template whose
 * file changed is read again on its next render (development).
 */
export class AppTemplateLoader extends EventEmitter implements ILoader {
  private readonly loaded = new Map<string, { path: string; mtimeMs: number }>();

  constructor(private readonly roots: TemplateRoot[], private readonly reload = false) {
    super();
  }

  /** Every file holding `name`, in root order. Names that climb out of a root (`../x`) match nothing. */
  locate(name: string): string[] {
    const found: string[] = [];
    for (const root of this.roots) {
      const base = resolve(root.dir);
      const full = resolve(base, name);
      if (!full.startsWith(base + sep)) continue;
      if (existsSync(full) && statSync(full).isFile()) found.push(full);
    }
    return found;
  }

  /** nunjucks' hook: the template's source; an error names the folders searched or the clashing files. */
  getSource(name: string): LoaderSource {
    const found = this.locate(name);
    if (found.length === 0) throw new TemplateNotFoundError(name, this.roots.map((root) => root.dir));
    if (found.length > 1) throw new AmbiguousTemplateError(name, found);
    const path = found[0]!;
    if (this.reload) this.loaded.set(name, { path, mtimeMs: statSync(path).mtimeMs });
    return { src: readFileSync(path, 'utf8'), path, noCache: false };
  }

  /** Development: forgets the compiled form of every template whose file changed or disappeared since it was read. */
  refresh(): void {
    for (const [name, seen] of this.loaded) {
      let mtimeMs = -1;
      try {
        mtimeMs = statSync(seen.path).mtimeMs;
      } catch {
        // deleted: read it again (and fail then, clearly)
      }
      if (mtimeMs !== seen.mtimeMs) {
        this.loaded.delete(name);
        this.emit('update', name, seen.path);
      }
    }
  }

  /** Every template name (`*.html`, relative to its root), in root order. */
  listTemplates(): string[] {
    const out: string[] = [];
    const walk = (base: string, dir: string) => {
      for (const entry of readdirSync(dir).sort()) {
        const full = join(dir, entry);
        if (statSync(full).isDirectory()) walk(base, full);
        else if (entry.endsWith('.html')) out.push(relative(base, full).split(sep).join('/'));
      }
    };
    for (const root of this.roots) if (existsSync(root.dir)) walk(root.dir, root.dir);
    return out;
  }
}
