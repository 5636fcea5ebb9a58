import type { Dependency } from './dependency.js';
import type { ControllerClass, RouteDefinition } from './metadata.js';

/** A route with its full path, as mounted. */
export interface MountedRoute {
  name: string;
  method: RouteDefinition['method'];
  /** Express path: `/api/heroes/:pk`. */
  path: string;
  controller: ControllerClass;
  definition: RouteDefinition;
  /** What runs before the handler: the routers', the controller's and the route's `dependencies`, each once. */
  dependencies: Dependency<unknown>[];
  tags: string[];
}

/** Every mounted route by name: builds URLs for tests, templates and redirects. */
export class RouteTable {
  private readonly byName = new Map<string, MountedRoute>();
  readonly routes: MountedRoute[] = [];

  add(route: MountedRoute): void {
    const existing = this.byName.get(route.name);
    // The same name on GET and POST of one path is fine (session-login); a name on two paths is not.
    if (existing && existing.path !== route.path) throw new Error(`Route name '${route.name}' is used by ${existing.path} and ${route.path}.`);
    this.byName.set(route.name, route);
    this.routes.push(route);
  }

  get(name: string): MountedRoute | undefined {
    return this.byName.get(name);
  }

  /**
   * The URL of a named route, with a trailing slash as the original's: `urlFor('hero-get', { pk: 1 })` → `/api/heroes/1/`.
   * @throws Error for an unknown name or a missing parameter.
   */
  urlFor(name: string, params: Record<string, string | number> = {}, query?: Record<string, string | number | boolean>): string {
    const route = this.byName.get(name);
    if (!route) throw new Error(`No route named '${name}'. Known: ${[...this.byName.keys()].sort().join(', ')}.`);
    const path = route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, key: string) => {
      if (params[key] === undefined) throw new Error(`Route '${name}' needs the parameter '${key}'.`);
      return encodeURIComponent(String(params[key]));
    });
    const withSlash = path.endsWith('/') ? path : `${path}/`;
    const search = query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
    return withSlash + search;
  }
}

/** Joins path segments: no doubled or trailing slashes (Express matches with or without the trailing slash). */
export function joinPath(...parts: string[]): string {
  const joined = parts.filter(Boolean).join('/').replace(/\/{2,}/g, '/');
  const withLead = joined.startsWith('/') ? joined : `/${joined}`;
  return withLead.length > 1 ? withLead.replace(/\/$/, '') : withLead;
}

/** `HeroesController` → `heroes`; `listHeroes` → `list-heroes`. */
export function kebab(name: string): string {
  return name.replace(/Controller$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
