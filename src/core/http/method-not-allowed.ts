import type { Router as ExpressRouter, Request, RequestHandler, Response } from 'express';
import { MethodNotAllowed } from '../errors/index.js';

/** The methods a request's path answers, gathered by `allowMethods` as the router walks past the paths that match. */
const ALLOWED = Symbol('allowed methods');
type WithAllowed = Response & { [ALLOWED]?: Set<string> };

/** Methods as `Allow` lists them: GET brings HEAD (Express answers HEAD with the GET route), in a stable order. */
const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
function allowList(methods: Iterable<string>): string[] {
  const set = new Set([...methods].map((m) => m.toUpperCase()));
  if (set.has('GET')) set.add('HEAD');
  set.add('OPTIONS'); // answered by Express (with `Allow`) or by CORS preflight
  return [...set].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
}

/**
 * 405 instead of 404 for a path that exists with other methods, for every route of `router`: call it after the
 * routes are mounted. Each path gets a catch-all that notes its methods (several patterns may match one URL:
 * `/users/me` and `/users/:pk`), and a last handler answers 405 with `Allow` when any were noted. OPTIONS goes
 * on to Express's own answer (200 with `Allow`), or the CORS preflight before it.
 * @example methodNotAllowed(router, [{ path: '/api/heroes/:pk', method: 'get' }, …]);
 */
export function methodNotAllowed(router: ExpressRouter, routes: ReadonlyArray<{ path: string; method: string }>): void {
  const byPath = new Map<string, Set<string>>();
  for (const { path, method } of routes) byPath.set(path, (byPath.get(path) ?? new Set()).add(method));
  for (const [path, methods] of byPath) {
    const note: RequestHandler = (_req, res: WithAllowed, next) => {
      res[ALLOWED] = new Set([...(res[ALLOWED] ?? []), ...methods]);
      next();
    };
    router.all(path, note);
  }
  router.use((req: Request, res: WithAllowed, next) => {
    const allowed = res[ALLOWED];
    if (!allowed || req.method === 'OPTIONS') return next();
    next(new MethodNotAllowed(allowList(allowed)));
  });
}
