import type { Dependency } from './dependency.js';
import { controllerDefinition, type ControllerClass } from './metadata.js';

/** A group of controllers and nested routers under a prefix, with tags for the docs. */
export interface RouterDefinition {
  readonly kind: 'router';
  prefix: string;
  tags: string[];
  /** Dependencies run before every route below it (outer routers' first). */
  dependencies: Dependency<unknown>[];
  children: Array<RouterDefinition | ControllerClass>;
}

/** Options of `Router`. */
export interface RouterOptions {
  prefix?: string;
  tags?: string[];
  /** Dependencies run before every route below this router. */
  dependencies?: Dependency<unknown>[];
}

/**
 * Groups controllers (and other routers) under a prefix; an app's `routers` module exports them and they are
 * mounted under `/api` (its `web` module's under `/web`).
 * @example export const routers = Router({ prefix: '/blog', tags: ['Blog'] }, PostsController);
 */
export function Router(options: RouterOptions, ...children: Array<RouterDefinition | ControllerClass>): RouterDefinition {
  for (const child of children) {
    if (typeof child === 'function' && !controllerDefinition(child)) throw new Error(`Router: ${child.name} is not decorated with @Controller.`);
  }
  return { kind: 'router', prefix: options.prefix ?? '', tags: options.tags ?? [], dependencies: options.dependencies ?? [], children };
}

export const isRouter = (value: unknown): value is RouterDefinition => typeof value === 'object' && value !== null && (value as RouterDefinition).kind === 'router';
