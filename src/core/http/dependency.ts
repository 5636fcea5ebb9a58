import type { Request, Response } from 'express';
import type { z } from 'zod';
import { textIssues, validationError } from './validation.js';
import { ValidationFailed } from '../errors/index.js';

/** What a dependency or handler sees of the request. */
export interface RequestContext {
  readonly req: Request;
  readonly res: Response;
  /** Raw path parameters (strings); validate with `param()`. */
  readonly params: Readonly<Record<string, string>>;
  /** Resolves another dependency; each is resolved at most once per request. */
  resolve<T>(dependency: Dependency<T>): Promise<T>;
  /** A path parameter validated by `schema` (a failure is a 422 with loc ['path', name]). */
  param<S extends z.ZodType>(name: string, schema: S): z.output<S>;
}

/** What OpenAPI should know about a dependency. */
export interface DependencyInfo {
  /** A readable name for errors and docs. */
  name?: string;
  /** The route needs a bearer token (documents the security scheme and a 401). */
  bearer?: boolean;
  /** HTTP errors this dependency may raise, for the docs: status → description. */
  responses?: Record<number, string>;
  /** Dependencies this one resolves, so their documentation reaches the route too. */
  uses?: Dependency<unknown>[];
}

/** A function of the request context, resolved at most once per request; declare with `dependency()`. */
export interface Dependency<T> {
  (ctx: RequestContext): T | Promise<T>;
  readonly info: DependencyInfo;
}

/**
 * Declares a dependency: a function of the request context that may resolve other dependencies.
 * @example
 * export const getPostIfOwner = dependency(async (ctx) => {
 *   const user = await ctx.resolve(currentUser);
 *   const post = await Post.getOr404({ id: ctx.param('pk', z.coerce.number().int()) });
 *   if (post.author?.id !== user.id) throw new Forbidden('Not authorized to access this post');
 *   return post;
 * }, { uses: [currentUser] });
 */
export function dependency<T>(fn: (ctx: RequestContext) => T | Promise<T>, info: DependencyInfo = {}): Dependency<T> {
  return Object.assign((ctx: RequestContext) => fn(ctx), { info: { name: fn.name || info.name, ...info } });
}

/** Every dependency a list reaches through `uses`, each once. */
export function flattenDependencies(roots: readonly Dependency<unknown>[]): Dependency<unknown>[] {
  const seen = new Set<Dependency<unknown>>();
  const visit = (dep: Dependency<unknown>) => {
    if (seen.has(dep)) return;
    seen.add(dep);
    for (const used of dep.info.uses ?? []) visit(used);
  };
  roots.forEach(visit);
  return [...seen];
}

/** Builds the context of one request; `resolve` caches each dependency's promise. */
export function createRequestContext(req: Request, res: Response): RequestContext {
  const cache = new Map<Dependency<unknown>, Promise<unknown>>();
  const ctx: RequestContext = {
    req,
    res,
    params: req.params as Record<string, string>,
    resolve<T>(dep: Dependency<T>): Promise<T> {
      let pending = cache.get(dep as Dependency<unknown>) as Promise<T> | undefined;
      if (!pending) {
        pending = Promise.resolve().then(() => dep(ctx));
        cache.set(dep as Dependency<unknown>, pending);
      }
      return pending;
    },
    param(name, schema) {
      const parsed = schema.safeParse(req.params[name]);
      if (!parsed.success) throw validationError(parsed.error, ['path', name]);
      const bad = textIssues(parsed.data, ['path', name]);
      if (bad.length > 0) throw new ValidationFailed(bad);
      return parsed.data;
    },
  };
  return ctx;
}
