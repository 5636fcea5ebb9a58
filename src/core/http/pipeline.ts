import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Calls an Express handler as Express's router does: a throw, or a rejected promise it returns, is `next(error)`. */
export function invokeHandler(handler: RequestHandler, req: Request, res: Response, next: NextFunction): void {
  try {
    const result = handler(req, res, next) as unknown;
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(undefined, (error: unknown) => next(error ?? new Error('Rejected promise')));
    }
  } catch (error) {
    next(error);
  }
}

/**
 * Express middleware run in order as one middleware. Express's router gives each `app.use` a layer it matches and
 * steps through on every request, allocating as it goes (in a profile of GET one hero, the router's per-layer work
 * was the largest allocation site); the kit's global middleware need none of that, so they run here in a plain loop.
 * Semantics are Express's: `next(error)` skips to the error handlers, `next('route')`/`next('router')` leave the
 * pipeline, a throw or a rejected promise is an error, and a middleware that answers simply does not call `next`.
 */
export function pipeline(handlers: readonly RequestHandler[]): RequestHandler {
  const list = [...handlers];
  if (list.length === 1) return list[0]!;
  return (req: Request, res: Response, done: NextFunction) => {
    let index = 0;
    const step = (signal?: unknown): void => {
      if (signal !== undefined) return done(signal);
      const handler = list[index++];
      if (!handler) return done();
      invokeHandler(handler, req, res, step);
    };
    step();
  };
}
