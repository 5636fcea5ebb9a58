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

/** The value a dependency resolves to. */
export type Resolved<D> = D extends Dependency<infer V> ? V : never;

/** Named dependencies a dependency needs, resolved before it runs. */
export type DependencyInputs = Record<string, Dependency<unknown>>;

/**
 * Declares a dependency: a function of the request context that may resolve other dependencies. Give the
 * dependencies it needs first, by name: they are resolved before it (once per request, as everywhere) and
 * documented with it (their 401s and 403s reach every route using it), so it states only its own `responses`.
 * @example
 * export const getPostIfOwner = dependency({ user: currentUser }, async ({ user }, ctx) => {
 *   const post = await Post.getOr404({ id: ctx.param('pk', z.coerce.number().int()) });
 *   if (post.author?.id !== user.id) throw new Forbidden('Not authorized to access this post');
 *   return post;
 * }, { responses: { 403: 'Not authorized to access this post', 404: 'Post not found.' } });
 */
export function dependency<I extends DependencyInputs, T>(
  inputs: I,
  fn: (values: { [K in keyof I]: Resolved<I[K]> }, ctx: RequestContext) => T | Promise<T>,
  info?: DependencyInfo,
): Dependency<T>;
/** A dependency of the request context alone (it may still `ctx.resolve` others: list them in `info.uses`). */
export function dependency<T>(fn: (ctx: RequestContext) => T | Promise<T>, info?: DependencyInfo): Dependency<T>;
export function dependency<T>(
  first: DependencyInputs | ((ctx: RequestContext) => T | Promise<T>),
  second?: DependencyInfo | ((values: Record<string, unknown>, ctx: RequestContext) => T | Promise<T>),
  third: DependencyInfo = {},
): Dependency<T> {
  if (typeof first === 'function') {
    const info = (second ?? {}) as DependencyInfo;
    return Object.assign((ctx: RequestContext) => first(ctx), { info: { name: first.name || info.name, ...info } });
  }
  const fn = second as (values: Record<string, unknown>, ctx: RequestContext) => T | Promise<T>;
  const entries = Object.entries(first);
  const inputs = entries.map(([, input]) => input);
  const run = (ctx: RequestContext): T | Promise<T> => {
    const values: Record<string, unknown> = {};
    const pending = resolveInOrder(ctx, inputs, (i, value) => (values[entries[i]![0]] = value));
    return pending ? pending.then(() => fn(values, ctx)) : fn(values, ctx);
  };
  const uses = [...new Set([...entries.map(([, input]) => input), ...(third.uses ?? [])])];
  return Object.assign(run, { info: { name: fn.name || third.name, ...third, uses } });
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

/** Builds the context of one request; `resolve` caches each dependency's outcome. */
export function createRequestContext(req: Request, res: Response): RequestContext {
  return new HandlerContext(req, res);
}

/**
 * A dependency's value, or a promise of it when it has to wait: what the kit's own resolution uses, so that a
 * chain of dependencies that need not wait (the bearer user is known once authentication ran; a permission check
 * is a lookup in data loaded with the user) makes no promise. A throw is thrown (again, on a later call).
 */
export function resolveNow<T>(ctx: RequestContext, dep: Dependency<T>): T | Promise<T> {
  return ctx instanceof HandlerContext ? ctx.resolveNow(dep) : ctx.resolve(dep);
}

/**
 * Resolves `deps` in order, handing each value to `take(index, value)`. Values there already (or given without
 * waiting) are taken at once: a promise only when one of them has to wait, and the rest follow it. A throw is thrown.
 */
export function resolveInOrder(ctx: RequestContext, deps: readonly Dependency<unknown>[], take: (index: number, value: unknown) => void, start = 0): void | Promise<void> {
  for (let i = start; i < deps.length; i++) {
    const value = resolveNow(ctx, deps[i]!);
    if (value instanceof Promise) {
      return value.then((settled) => {
        take(i, settled);
        return resolveInOrder(ctx, deps, take, i + 1);
      });
    }
    take(i, value);
  }
}

/** A dependency that gave its value at once, or threw. */
type Settled = { value: unknown } | { error: unknown };

/** A class, not an object of closures: one small object per request, its cache made only when something resolves. */
class HandlerContext implements RequestContext {
  private cache: Map<Dependency<unknown>, Settled | Promise<unknown>> | undefined;

  constructor(
    readonly req: Request,
    readonly res: Response,
  ) {}

  get params(): Readonly<Record<string, string>> {
    return this.req.params as Record<string, string>;
  }

  resolve<T>(dep: Dependency<T>): Promise<T> {
    try {
      const value = this.resolveNow(dep);
      return value instanceof Promise ? value : Promise.resolve(value);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Runs a dependency once per request (at once, not from a microtask) and remembers its value, error or promise. */
  resolveNow<T>(dep: Dependency<T>): T | Promise<T> {
    const cache = (this.cache ??= new Map());
    let entry = cache.get(dep as Dependency<unknown>);
    if (!entry) {
      try {
        const value = dep(this);
        entry = value instanceof Promise ? value : { value };
      } catch (error) {
        entry = { error };
      }
      cache.set(dep as Dependency<unknown>, entry);
    }
    if (entry instanceof Promise) return entry as Promise<T>;
    if ('error' in entry) throw entry.error;
    return entry.value as T;
  }

  param<S extends z.ZodType>(name: string, schema: S): z.output<S> {
    const parsed = schema.safeParse(this.req.params[name]);
    if (!parsed.success) throw validationError(parsed.error, ['path', name]);
    const bad = textIssues(parsed.data, ['path', name]);
    if (bad.length > 0) throw new ValidationFailed(bad);
    return parsed.data;
  }
}
