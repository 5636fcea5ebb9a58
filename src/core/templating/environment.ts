import { existsSync } from 'node:fs';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { appHasModule, discoverApps, importAppModule } from '../apps.js';
import { getSettings, srcRoot } from '../../settings/index.js';
import { staticUrl } from '../web/index.js';
import { CsrfTokenExtension } from './csrf-tag.js';
import { AppTemplateLoader, type TemplateRoot } from './loader.js';

/** The kit's own templates (`kit/layout.html`, `kit/error.html`), found beside the apps'. */
export const kitTemplatesDir = join(srcRoot, 'core', 'templating', 'templates');

/** What an app's `templating` module may export: template filters and globals, found by name. */
export interface AppTemplating {
  filters?: Record<string, (...args: never[]) => unknown>;
  globals?: Record<string, unknown>;
}

/** The template folders: the kit's, then every app's `templates/`. */
export function templateRoots(): TemplateRoot[] {
  return [
    { owner: 'kit', dir: kitTemplatesDir },
    ...discoverApps().map((app) => ({ owner: app.name, dir: join(app.srcDir, 'templates') })),
  ].filter((root) => existsSync(root.dir));
}

/** The params of `url_for`: an object literal or keyword arguments (`url_for('hero-get', pk=1)`). */
function routeParams(params: unknown): Record<string, string | number> {
  if (!params || typeof params !== 'object') return {};
  const { __keywords: _keywords, ...rest } = params as Record<string, string | number>;
  return rest;
}

interface TemplateState { env: nunjucks.Environment; loader: AppTemplateLoader }
let state: TemplateState | undefined;
let appExtras: Promise<void> | undefined;

/**
 * The nunjucks environment: the per-app loader, autoescape on, `{% csrf_token %}`, and the globals
 * `url_for(name, params)` (a path from the route table) and `static(path)` (a fingerprinted /static/ URL).
 * Templates reload when their file changes in development.
 */
export function templateEnvironment(): TemplateState {
  if (state) return state;
  const loader = new AppTemplateLoader(templateRoots(), getSettings().DEBUG);
  const env = new nunjucks.Environment(loader as nunjucks.ILoader as nunjucks.ILoaderAny, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  env.addExtension('CsrfTokenExtension', new CsrfTokenExtension());
  env.addGlobal('url_for', function urlFor(this: { ctx: Record<string, unknown> }, name: string, params?: unknown, query?: unknown) {
    const routes = this.ctx.__routes as { urlFor(n: string, p?: Record<string, string | number>, q?: Record<string, string | number | boolean>): string } | undefined;
    if (name === 'static') return staticUrl(String(routeParams(params).path ?? ''));
    if (!routes) throw new Error('url_for needs the route table: render templates with render().');
    return routes.urlFor(name, routeParams(params), query && typeof query === 'object' ? (routeParams(query) as Record<string, string>) : undefined);
  });
  env.addGlobal('static', (path: string) => staticUrl(path));
  state = { env, loader };
  return state;
}

/** Imports every app's `templating` module once and installs its `filters` and `globals` (called at app start). */
export function loadAppTemplating(): Promise<void> {
  appExtras ??= (async () => {
    const { env } = templateEnvironment();
    for (const app of discoverApps()) {
      if (!appHasModule(app, 'templating')) continue;
      const extras = (await importAppModule(app, 'templating')) as AppTemplating;
      for (const [name, filter] of Object.entries(extras.filters ?? {})) env.addFilter(name, filter as (...args: unknown[]) => unknown);
      for (const [name, value] of Object.entries(extras.globals ?? {})) env.addGlobal(name, value);
    }
  })();
  return appExtras;
}
