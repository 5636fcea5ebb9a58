import type { NextFunction, Request, Response } from 'express';
import type { DependencyContainer } from 'tsyringe';
import type { z } from 'zod';
import { ValidationFailed } from '../errors/index.js';
import { BaseTable } from '../db/index.js';
import { createRequestContext, resolveInOrder, type Dependency, type RequestContext } from './dependency.js';
import { controllerDefinition, type ControllerClass, type ParamSource } from './metadata.js';
import { isRouter, type RouterDefinition } from './router.js';
import { joinPath, kebab, type MountedRoute, type RouteTable } from './route-table.js';
import { textIssues, toIssues, type ValidationIssue } from './validation.js';
import type { IndexedRoute } from './route-index.js';
import { sendJson } from './json-response.js';

/**
 * Walks routers and controllers under `prefix` and lists their routes with full paths, names, tags and the
 * dependencies they run (routers' outermost first, then the controller's, then the route's; each once).
 */
export function collectRoutes(node: RouterDefinition | ControllerClass, prefix: string, tags: string[] = [], dependencies: Dependency<unknown>[] = []): MountedRoute[] {
  if (isRouter(node)) {
    const inner = joinPath(prefix, node.prefix);
    return node.children.flatMap((child) => collectRoutes(child, inner, [...tags, ...node.tags], [...dependencies, ...node.dependencies]));
  }
  const definition = controllerDefinition(node);
  if (!definition) throw new Error(`${node.name} is not decorated with @Controller.`);
  return definition.routes.map((route) => ({
    name: route.options.name ?? `${kebab(node.name)}-${kebab(route.handler)}`,
    method: route.method,
    path: joinPath(prefix, definition.prefix, route.path),
    controller: node,
    definition: route,
    dependencies: [...new Set([...dependencies, ...definition.dependencies, ...(route.options.dependencies ?? [])])],
    tags: route.options.tags ?? [...tags, ...definition.tags],
  }));
}

/**
 * Validates one input (`schema` may be absent: a raw path parameter) and refuses text PostgreSQL cannot keep
 * (NUL, lone surrogates); pushes FastAPI-shaped issues instead of throwing so all inputs are reported at once.
 */
function validate(schema: z.ZodType | undefined, value: unknown, loc: Array<string | number>, issues: ValidationIssue[]): unknown {
  const parsed = schema ? schema.safeParse(value) : { success: true as const, data: value };
  if (!parsed.success) {
    issues.push(...toIssues(parsed.error, loc));
    return undefined;
  }
  const bad = textIssues(parsed.data, loc);
  issues.push(...bad);
  return bad.length > 0 ? undefined : parsed.data;
}

/** Fills in a handler's validated inputs (path, query, body) and request objects; throws 422 with every issue at once. */
function buildInputs(params: ParamSource[], args: unknown[], req: Request, res: Response, ctx: RequestContext): unknown[] {
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    switch (p.kind) {
      case 'param':
        args[i] = validate(p.schema, req.params[p.name], ['path', p.name], issues);
        break;
      case 'query':
        args[i] = validate(p.schema, req.query, ['query'], issues);
        break;
      case 'body':
      case 'form':
        if (req.body === undefined) issues.push({ type: 'missing', loc: ['body'], msg: 'Field required' });
        else args[i] = validate(p.schema, req.body, ['body'], issues);
        break;
      case 'req':
        args[i] = req;
        break;
      case 'res':
        args[i] = res;
        break;
      case 'ctx':
        args[i] = ctx;
        break;
    }
  }
  if (issues.length > 0) throw new ValidationFailed(issues);
  return args;
}

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as Promise<unknown> | undefined)?.then === 'function';

/** Sends a handler's result: 204 without a body, else JSON (entities through their toJSON). */
function send(req: Request, res: Response, status: number, result: unknown, schema: z.ZodType | undefined): void {
  if (res.headersSent) return;
  if (status === 204) {
    res.status(204).end();
    return;
  }
  const body = result === undefined ? null : result;
  // Models serialize through toJSON, generated from the same plan as their read schema: checking them again
  // would only cost time. Other values are filtered through the route's response schema.
  const filter = schema && !isModelPayload(body);
  sendJson(req, res, status, filter ? schema.parse(JSON.parse(JSON.stringify(body))) : body);
}

/** A model row, or a list of them. */
function isModelPayload(body: unknown): boolean {
  if (body instanceof BaseTable) return true;
  return Array.isArray(body) && body.every((item) => item instanceof BaseTable);
}

/** The routes' request handlers (for `routeIndex`), named in the route table; controllers come from the container, once each. */
export function mountRoutes(routes: MountedRoute[], container: DependencyContainer, table: RouteTable): IndexedRoute[] {
  const mounted: IndexedRoute[] = [];
  const instances = new Map<ControllerClass, Record<string, (...args: unknown[]) => unknown>>();
  for (const route of routes) {
    table.add(route);
    let instance = instances.get(route.controller);
    if (!instance) {
      instance = container.resolve(route.controller as unknown as new () => object) as Record<string, (...args: unknown[]) => unknown>;
      instances.set(route.controller, instance);
    }
    const target = instance;
    const { handler, params, options } = route.definition;
    const status = options.status ?? 200;
    const { dependencies } = route;
    const respond = (req: Request, res: Response, next: NextFunction) => (result: unknown) => {
      try {
        send(req, res, status, result, options.response);
      } catch (error) {
        next(error);
      }
    };
    // Route dependencies first, then the handler's `@Depends` parameters (before its inputs are validated: their
    // errors win), each once. The common route has none: it runs without an async frame of its own (fewer
    // promises, each of which the request's AsyncLocalStorage context is copied onto).
    const dependsAt = params.flatMap((p, i) => (p.kind === 'depends' ? [i] : []));
    const ordered = [...dependencies, ...dependsAt.map((i) => (params[i] as { dependency: Dependency<unknown> }).dependency)];
    const args = (): unknown[] => new Array(params.length);
    /** Validates the inputs and runs the handler; its result is sent (awaited when a promise). */
    const call = (req: Request, res: Response, next: NextFunction, ctx: RequestContext, values: unknown[]): void => {
      const result = target[handler]!.apply(target, buildInputs(params, values, req, res, ctx));
      if (isPromise(result)) void result.then(respond(req, res, next), next);
      else send(req, res, status, result, options.response);
    };
    /** The dependencies, then the handler; a promise only when a dependency waited. */
    const withDependencies = (req: Request, res: Response, next: NextFunction, ctx: RequestContext): void | Promise<void> => {
      const values = args();
      const pending = resolveInOrder(ctx, ordered, (k, value) => {
        if (k >= dependencies.length) values[dependsAt[k - dependencies.length]!] = value;
      });
      return pending ? pending.then(() => call(req, res, next, ctx, values)) : call(req, res, next, ctx, values);
    };
    mounted.push({ method: route.method, path: route.path, handler: (req: Request, res: Response, next: NextFunction) => {
      try {
        const ctx = createRequestContext(req, res);
        if (ordered.length === 0) return call(req, res, next, ctx, args());
        const pending = withDependencies(req, res, next, ctx);
        if (pending) pending.catch(next);
      } catch (error) {
        next(error);
      }
    } });
  }
  return mounted;
}
