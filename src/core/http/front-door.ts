import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { invokeHandler } from './pipeline.js';

/** Set on a request the front door ran: Express's layers for the same middleware and routes let it pass. */
const PASSED = Symbol('through the front door');
/** An error the front door's chain ended with, re-raised in Express's so that its error handlers answer it. */
const PENDING_ERROR = Symbol('pending error');
type DoorRequest = Request & { [PASSED]?: true; [PENDING_ERROR]?: unknown };

type Handle = (req: Request, res: Response, callback?: NextFunction) => void;
const { isPrototypeOf } = Object.prototype;

/**
 * Runs the kit's middleware and routes without Express's application router for the requests they serve. Express
 * walks every request through its router: a `next` closure and a match record per layer, parameter processing and
 * prefix trimming, even when the first matching layers are the kit's own pipeline and route index (in a profile of
 * POST, the router's `handle` and `next` were the largest allocation site). The door does what Express's
 * `app.handle` and router set up (the circular references, the prototypes, `res.locals`, `baseUrl`,
 * `originalUrl`, `req.next`), runs `chain`, and hands over to Express only what the chain does not answer: a path no
 * route matched, and errors, which reach Express's error handlers as before. `takes(path)` leaves the rest (statics,
 * docs) to Express from the start. The same middleware and routes stay mounted in Express, wrapped in `unlessPassed`,
 * so a request that went the ordinary way meets them in the same order.
 */
export function openFrontDoor(app: Express, chain: RequestHandler, takes: (path: string) => boolean): void {
  const door = app as unknown as { handle: Handle; request: object; response: object };
  const expressHandle: Handle = door.handle.bind(app);
  door.handle = (req, res, callback) => {
    req.res = res;
    res.req = req;
    // A server from `httpServer` makes them with the app's prototypes already; others (tests' servers) do not.
    if (!isPrototypeOf.call(door.request, req)) Object.setPrototypeOf(req, door.request);
    if (!isPrototypeOf.call(door.response, res)) Object.setPrototypeOf(res, door.response);
    if (!res.locals) res.locals = Object.create(null) as Response['locals'];
    if (!takes(req.path)) return expressHandle(req, res, callback);
    req.baseUrl = '';
    req.originalUrl = req.originalUrl || req.url;
    const handOver: NextFunction = (signal?: unknown) => {
      const request = req as DoorRequest;
      request[PASSED] = true;
      if (signal !== undefined && signal !== null && signal !== 'route' && signal !== 'router') request[PENDING_ERROR] = signal;
      expressHandle(req, res, callback);
    };
    req.next = handOver;
    invokeHandler(chain, req, res, handOver);
  };
}

/** Express's copy of middleware the front door also runs: skipped for a request the door ran. */
export function unlessPassed(handler: RequestHandler): RequestHandler {
  return (req, res, next) => ((req as DoorRequest)[PASSED] ? next() : handler(req, res, next));
}

/** Express's first layer: an error the door's chain ended with goes on to Express's error handlers. */
export const pendingError: RequestHandler = (req, _res, next) => {
  const request = req as DoorRequest;
  if (!(PENDING_ERROR in request)) return next();
  const error = request[PENDING_ERROR];
  delete request[PENDING_ERROR];
  next(error);
};
