import type { z } from 'zod';
import type { Dependency } from './dependency.js';

/** A controller class (any constructor, abstract or not): what `@Controller` decorates and `Router` groups. */
export type ControllerClass = abstract new (...args: never[]) => object;

/** HTTP methods a route can answer. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Options of a route decorator. */
export interface RouteOptions {
  /** Success status (default 200; 201 for created; 204 sends no body). */
  status?: number;
  /** Dependencies run before the handler whose values are not needed (permission checks). */
  dependencies?: Dependency<unknown>[];
  /** The route's name, for `urlFor` (default `<controller>-<method name>`). */
  name?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  /** The response body schema (for the docs, and it filters what is sent). */
  response?: z.ZodType;
  /** Other documented responses: status → description. */
  responses?: Record<number, string>;
  deprecated?: boolean;
}

/** Where a handler parameter comes from. */
export type ParamSource =
  | { kind: 'body'; schema: z.ZodType }
  | { kind: 'form'; schema: z.ZodType }
  | { kind: 'query'; schema: z.ZodType }
  | { kind: 'param'; name: string; schema?: z.ZodType }
  | { kind: 'req' }
  | { kind: 'res' }
  | { kind: 'ctx' }
  | { kind: 'depends'; dependency: Dependency<unknown> };

/** One decorated handler method. */
export interface RouteDefinition {
  method: HttpMethod;
  path: string;
  handler: string;
  options: RouteOptions;
  params: ParamSource[];
}

/** One `@Controller` class. */
export interface ControllerDefinition {
  prefix: string;
  tags: string[];
  /** Dependencies run before every route of the controller (before the route's own). */
  dependencies: Dependency<unknown>[];
  routes: RouteDefinition[];
}

const routes = new WeakMap<object, RouteDefinition[]>();
const params = new WeakMap<object, Map<string, ParamSource[]>>();
const controllers = new WeakMap<object, ControllerDefinition>();

export function addRoute(ctor: object, route: Omit<RouteDefinition, 'params'>): void {
  const list = routes.get(ctor) ?? [];
  list.push({ ...route, params: [] });
  routes.set(ctor, list);
}

export function addParam(prototype: object, method: string, index: number, source: ParamSource): void {
  const byMethod = params.get(prototype) ?? new Map<string, ParamSource[]>();
  const list = byMethod.get(method) ?? [];
  list[index] = source;
  byMethod.set(method, list);
  params.set(prototype, byMethod);
}

/** Records a controller; its routes get their parameters now (parameter decorators ran before). */
export function defineController(ctor: ControllerClass, prefix: string, tags: string[], dependencies: Dependency<unknown>[] = []): void {
  const declared = routes.get(ctor) ?? [];
  const byMethod = params.get(ctor.prototype) ?? new Map<string, ParamSource[]>();
  for (const route of declared) route.params = Array.from(byMethod.get(route.handler) ?? [], (p) => p ?? { kind: 'ctx' as const });
  controllers.set(ctor, { prefix, tags, dependencies, routes: declared });
}

/** The definition of a controller class, or undefined when it is not decorated with `@Controller`. */
export function controllerDefinition(ctor: object): ControllerDefinition | undefined {
  return controllers.get(ctor);
}
