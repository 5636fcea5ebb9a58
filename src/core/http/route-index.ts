import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { match, type MatchFunction } from 'path-to-regexp';
import type { HttpMethod } from './metadata.js';
import { invokeHandler } from './pipeline.js';

/** How many leading path segments the index keys on (`/api/heroes`). */
const KEY_SEGMENTS = 2;

/** A route to register: what `router[method](path, handler)` takes. */
export interface IndexedRoute {
  method: HttpMethod;
  path: string;
  handler: RequestHandler;
}

/** What `req.route` holds once a route matched, as Express's Route does (the metrics label requests by its path). */
interface MatchedRoute {
  path: string;
  methods: Record<string, true>;
}

/** A route ready to match: Express's own pattern semantics, compiled once. */
interface CompiledRoute {
  method: string;
  handler: RequestHandler;
  matches: MatchFunction<Record<string, string | string[]>>;
  info: MatchedRoute;
  /** The methods OPTIONS reports for the path (GET brings HEAD, as Express's automatic answer does). */
  allow: string[];
}

const isStatic = (segment: string) => !/[:*{}()?+\\]/.test(segment);

/** The route's leading static segments (at most two), lower-cased as Express matches by default: its key. */
function routeKey(path: string): string[] {
  const key: string[] = [];
  for (const segment of path.split('/').filter(Boolean)) {
    if (key.length === KEY_SEGMENTS || !isStatic(segment)) break;
    key.push(segment.toLowerCase());
  }
  return key;
}

const startsWith = (key: string[], prefix: string[]) => prefix.every((segment, i) => key[i] === segment);

/** Express's parameter decoding: percent-decoded, and a malformed escape is a 400 naming the parameter. */
function decodeParam(value: string): string {
  if (value.length === 0 || !value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch (error) {
    if (error instanceof URIError) Object.assign(error, { message: `Failed to decode param '${value}'`, status: 400, statusCode: 400 });
    throw error;
  }
}

/** A route's matcher as Express's router builds it: not case-sensitive, an optional trailing slash, the whole path. */
function compile(route: IndexedRoute): CompiledRoute {
  const pattern = route.path === '/' ? route.path : route.path.replace(/\/+$/, '');
  const allow = [route.method.toUpperCase()];
  if (route.method === 'get') allow.push('HEAD');
  return {
    method: route.method.toUpperCase(),
    handler: route.handler,
    matches: match(pattern, { sensitive: false, end: true, trailing: true, decode: decodeParam }),
    info: { path: route.path, methods: { [route.method]: true } },
    allow,
  };
}

/** Express answers HEAD with the GET route when the path has no HEAD route of its own. */
const handles = (route: CompiledRoute, method: string) => route.method === method || (method === 'HEAD' && route.method === 'GET');

/** Express's automatic answer to an OPTIONS request no route handles: 200 with `Allow`. */
function sendOptions(res: Response, methods: string[]): void {
  const allow = [...new Set(methods)].sort().join(', ');
  res.setHeader('Allow', allow);
  res.setHeader('Content-Length', Buffer.byteLength(allow));
  res.setHeader('Content-Type', 'text/plain');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(allow);
}

/**
 * Tries a request's candidate routes in order, as an Express router holding them would: the first whose path and
 * method match runs; its `next()` (or `next('route')`) tries the next one, `next(error)` and `next('router')` leave;
 * a thrown error or rejected promise is `next(error)`. `req.params` and `req.route` are set as Express sets them,
 * and `req.params` is put back on leaving.
 */
function dispatch(candidates: readonly CompiledRoute[], req: Request, res: Response, out: NextFunction): void {
  const path = req.path;
  const method = req.method;
  const parentParams = req.params;
  let index = 0;
  let optionsAllow: string[] | undefined;
  const leave = (error?: unknown) => {
    req.params = parentParams;
    out(error);
  };
  const step = (signal?: unknown): void => {
    if (signal !== undefined && signal !== null && signal !== 'route') return leave(signal === 'router' ? undefined : signal);
    while (index < candidates.length) {
      const route = candidates[index++]!;
      const handled = handles(route, method);
      // The method first: a string comparison, where matching the path runs a regular expression and allocates.
      if (!handled && method !== 'OPTIONS') continue;
      let found: ReturnType<CompiledRoute['matches']>;
      try {
        found = route.matches(path);
      } catch (error) {
        return leave(error);
      }
      if (!found) continue;
      if (!handled) {
        (optionsAllow ??= []).push(...route.allow);
        continue;
      }
      req.params = found.params as Request['params'];
      (req as { route?: MatchedRoute }).route = route.info;
      return invokeHandler(route.handler, req, res, step);
    }
    if (optionsAllow) {
      req.params = parentParams;
      return sendOptions(res, optionsAllow);
    }
    leave();
  };
  step();
}

/**
 * The kit's routes as one Express middleware that finds a request's candidates by its first two path segments
 * instead of trying every route in turn, and matches them itself. Express's router matched each route's pattern in
 * order (with a hundred routes, that was most of its time on every request) and, as a nested router, allocated
 * its per-layer closures and parameter objects on every request: the largest allocation site of a GET. Each key
 * holds, in their original order, exactly the routes that could match a path starting with that key: its own,
 * and those whose key is a prefix of it (`/api/:x`, `/:page`). The patterns are Express's (path-to-regexp, as its
 * router compiles them), so parameters, trailing slashes, HEAD, OPTIONS and precedence are unchanged.
 */
export function routeIndex(routes: readonly IndexedRoute[]): RequestHandler {
  const keyed = routes.map((route) => ({ route: compile(route), key: routeKey(route.path) }));
  const groups = new Map<string, CompiledRoute[]>();
  for (const { key } of keyed) {
    const name = key.join('/');
    if (!groups.has(name)) groups.set(name, keyed.filter(({ key: own }) => startsWith(key, own)).map(({ route }) => route));
  }
  return (req, res, next) => {
    const [first, second] = leadingSegments(req.path);
    // The longest key present: a path with no group of its own can still match its shorter prefixes' routes.
    const group = (second !== undefined && groups.get(`${first}/${second}`)) || (first !== undefined && groups.get(first)) || groups.get('');
    if (group) return dispatch(group, req, res, next);
    next();
  };
}

/** The first two non-empty segments of a path, lower-cased (a loop: this runs on every request). */
function leadingSegments(path: string): [string | undefined, string | undefined] {
  const found: [string | undefined, string | undefined] = [undefined, undefined];
  let count = 0;
  let start = 0;
  for (let i = 0; i <= path.length && count < KEY_SEGMENTS; i++) {
    if (i < path.length && path.charCodeAt(i) !== 47 /* '/' */) continue;
    if (i > start) found[count++] = path.slice(start, i).toLowerCase();
    start = i + 1;
  }
  return found;
}
