import express, { type RequestHandler, type Router as ExpressRouter } from 'express';
import type { HttpMethod } from './metadata.js';

/** How many leading path segments the index keys on (`/api/heroes`). */
const KEY_SEGMENTS = 2;

/** A route to register: what `router[method](path, handler)` takes. */
export interface IndexedRoute {
  method: HttpMethod;
  path: string;
  handler: RequestHandler;
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

/**
 * The kit's routes as one Express middleware that finds a request's candidates by its first two path segments
 * instead of trying every route in turn (Express's router matches each route's pattern in order: with a hundred
 * routes, that was most of its time on every request). Each key gets an Express router holding, in their original
 * order, exactly the routes that could match a path starting with that key: its own, and those whose key is a
 * prefix of it (`/api/:x`, `/:page`). Matching within a group is Express's own, so parameters, trailing slashes,
 * HEAD and precedence are unchanged.
 */
export function routeIndex(routes: readonly IndexedRoute[]): RequestHandler {
  const keyed = routes.map((route) => ({ route, key: routeKey(route.path) }));
  const groups = new Map<string, ExpressRouter>();
  for (const { key } of keyed) {
    const name = key.join('/');
    if (groups.has(name)) continue;
    const router = express.Router();
    for (const { route, key: own } of keyed) if (startsWith(key, own)) router[route.method](route.path, route.handler);
    groups.set(name, router);
  }
  return (req, res, next) => {
    const [first, second] = leadingSegments(req.path);
    // The longest key present: a path with no group of its own can still match its shorter prefixes' routes.
    const group = (second !== undefined && groups.get(`${first}/${second}`)) || (first !== undefined && groups.get(first)) || groups.get('');
    if (group) return group(req, res, next);
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
