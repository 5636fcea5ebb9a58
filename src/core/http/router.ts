import { controllerDefinition } from './metadata.js';

type Ctor = abstract new (...args: never[]) => object;

/** A group of controllers and nested routers under a prefix, with tags for the docs. */
export interface RouterDefinition {
  readonly kind: 'router';
  prefix: string;
  tags: string[];
  children: Array<RouterDefinition | Ctor>;
}

/**
 * Groups controllers (and other routers) under a prefix; an app's `routers` module exports them and they are
 * mounted under `/api` (its `web` module's under `/web`).
 * @example export const routers = Router({ prefix: '/blog', tags: ['Blog'] }, PostsController);
 */
export function Router(options: { prefix?: string; tags?: string[] }, ...children: Array<RouterDefinition | Ctor>): RouterDefinition {
  for (const child of children) {
    if (typeof child === 'function' && !controllerDefinition(child)) throw new Error(`Router: ${child.name} is not decorated with @Controller.`);
  }
  return { kind: 'router', prefix: options.prefix ?? '', tags: options.tags ?? [], children };
}

export const isRouter = (value: unknown): value is RouterDefinition => typeof value === 'object' && value !== null && (value as RouterDefinition).kind === 'router';
