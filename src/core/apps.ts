import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assignApp, registeredModels } from './db/model.js';
import { isProvider, registerProviders } from './di/index.js';
import { distSrcRoot, srcRoot } from '../settings/paths.js';
import { SERVER_APP_MODULES } from './server-bundle.js';

/** One app of `src/apps/`: found by folder, Django style. */
export interface AppInfo {
  /** Folder name: `user`, `blog`. Fixtures call models `<name>.<Class>`. */
  name: string;
  /** Compiled folder modules are imported from (`dist/src/apps/<name>`). */
  distDir: string;
  /** Source folder data files are read from (`src/apps/<name>`: fixtures, templates, statics). */
  srcDir: string;
}

/** True when `dir` has a module or package named `name` (`models.js` or `models/index.js`). */
function hasModule(dir: string, name: string): boolean {
  return existsSync(join(dir, `${name}.js`)) || existsSync(join(dir, name, 'index.js'));
}

/** The file URL of an app module (`models.js` or `models/index.js`). */
function moduleUrl(dir: string, name: string): string {
  const file = existsSync(join(dir, `${name}.js`)) ? join(dir, `${name}.js`) : join(dir, name, 'index.js');
  return pathToFileURL(file).href;
}

/** An app's modules by name (`models`, `routers`, …), each its exports. */
export type AppModules = Record<string, Record<string, unknown>>;

/** The apps of a bundled server (`dist/server.bundle.cjs`), with the modules bundled in: discovery looks no further. */
let bundledApps: ReadonlyMap<string, AppModules> | undefined;

/**
 * Called by the server bundle before the server starts (scripts/bundle.mjs writes that call): the apps and their
 * modules are the ones compiled into it, so discovery neither scans dist/ nor imports a second copy of a module.
 */
export function useBundledApps(apps: Record<string, AppModules>): void {
  bundledApps = new Map(Object.entries(apps));
}

/** True when the app has the module `name` (`models`, `routers`, `signals`, …). */
export function appHasModule(app: AppInfo, name: string): boolean {
  if (!bundledApps) return hasModule(app.distDir, name);
  if (!(SERVER_APP_MODULES as readonly string[]).includes(name)) {
    throw new Error(`The server bundle holds the apps' ${SERVER_APP_MODULES.join(', ')} modules, not '${name}' (core/server-bundle.ts).`);
  }
  return name in (bundledApps.get(app.name) ?? {});
}

/** The exports of the app's module `name`; check `appHasModule` first. */
export async function importAppModule(app: AppInfo, name: string): Promise<Record<string, unknown>> {
  const bundled = bundledApps?.get(app.name)?.[name];
  if (bundled) return bundled;
  return (await import(moduleUrl(app.distDir, name))) as Record<string, unknown>;
}

/** Every app folder, sorted by name (the original used filesystem order; sorted is reproducible). */
export function discoverApps(appsDir = join(distSrcRoot, 'apps')): AppInfo[] {
  const found = (): string[] => {
    if (bundledApps) return [...bundledApps.keys()];
    if (!existsSync(appsDir)) return [];
    return readdirSync(appsDir).filter((name) => !name.startsWith('.') && !name.startsWith('_') && statSync(join(appsDir, name)).isDirectory());
  };
  return found()
    .sort()
    .map((name) => ({ name, distDir: join(appsDir, name), srcDir: join(srcRoot, 'apps', name) }));
}

let loaded: Promise<AppInfo[]> | undefined;

/** The providers a module exports as `providers` (typed tokens: `provide(CurrentUserSource, …)`). */
async function exportedProviders(app: AppInfo, name: string) {
  const { providers = [] } = (await importAppModule(app, name)) as { providers?: unknown[] };
  const bad = providers.filter((value) => !isProvider(value));
  if (bad.length > 0) throw new Error(`${app.distDir}/${name}: every export of 'providers' must be made by provide(token, …).`);
  return providers.filter(isProvider);
}

/**
 * Imports every app's `models` (registering them under `<app>.<Class>`), `signals` and `tasks`, and registers
 * the `providers` its `providers` module exports. Idempotent.
 * The ORM is initialised after this, with every registered model.
 */
export function loadApps(): Promise<AppInfo[]> {
  loaded ??= (async () => {
    const apps = discoverApps();
    // Import every app's models first: one app's models import another's (Post → User), so a model belongs
    // to the app whose models module exports it, not to the app that happened to import it first.
    const exported: Array<[AppInfo, Record<string, unknown>]> = [];
    for (const app of apps) {
      if (appHasModule(app, 'models')) exported.push([app, await importAppModule(app, 'models')]);
    }
    const models = new Set<unknown>(registeredModels());
    for (const [app, exports] of exported) {
      for (const value of Object.values(exports)) if (models.has(value)) assignApp(value as never, app.name);
    }
    for (const app of apps) {
      if (appHasModule(app, 'signals')) await importAppModule(app, 'signals');
      if (appHasModule(app, 'providers')) registerProviders(await exportedProviders(app, 'providers'));
    }
    // Tasks: each app's `tasks` module (`defineTask` registers them); the kit's own (liveness, load-fixtures)
    // register with core/tasks' index, which every user of tasks imports.
    for (const app of apps) {
      if (appHasModule(app, 'tasks')) await importAppModule(app, 'tasks');
    }
    return apps;
  })();
  return loaded;
}

/** The routers an app module exports: every RouterDefinition or @Controller class among its exports. */
async function exportedRouters(app: AppInfo, name: string, isRouterLike: (value: unknown) => boolean): Promise<unknown[]> {
  if (!appHasModule(app, name)) return [];
  return Object.values(await importAppModule(app, name)).filter(isRouterLike);
}

/**
 * The API and web routers of every app that has `models` or `routers`: `routers` mount under /api, `web`
 * under /web. An app without a `routers` module has no web routes either (as the original).
 */
export async function loadRouters(isRouterLike: (value: unknown) => boolean): Promise<{ api: unknown[]; web: unknown[]; root: unknown[]; middleware: unknown[]; upgrades: unknown[] }> {
  const apps = await loadApps();
  const api: unknown[] = [];
  const root: unknown[] = [];
  const web: unknown[] = [];
  const middleware: unknown[] = [];
  const upgrades: unknown[] = [];
  for (const app of apps) {
    // An app's `middleware` module exports `middleware`: request handlers run before every route.
    if (appHasModule(app, 'middleware')) {
      const exports = (await importAppModule(app, 'middleware')) as { middleware?: unknown[] };
      middleware.push(...(exports.middleware ?? []));
    }
    if (!appHasModule(app, 'routers')) continue;
    const routers = await importAppModule(app, 'routers');
    // `rootRouters` mount at the root (the original's /default/… endpoints); every other export under /api.
    for (const [name, value] of Object.entries(routers)) if (isRouterLike(value)) (name === 'rootRouters' ? root : api).push(value);
    web.push(...(await exportedRouters(app, 'web', isRouterLike)));
    // A `web` module's `upgrades`: websocket endpoints served on the same HTTP server.
    if (appHasModule(app, 'web')) upgrades.push(...(((await importAppModule(app, 'web')) as { upgrades?: unknown[] }).upgrades ?? []));
  }
  return { api, web, root, middleware, upgrades };
}

/**
 * Imports every app's `testing` module and registers the `providers` it exports (test helpers such as the
 * token issuer of `client.login`); the test toolkit calls it.
 */
export async function loadAppTestHelpers(): Promise<void> {
  for (const app of await loadApps()) if (appHasModule(app, 'testing')) registerProviders(await exportedProviders(app, 'testing'));
}
