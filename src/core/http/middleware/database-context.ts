import type { RequestHandler } from 'express';
import { isDatabaseReady, outsideTransactionContext, runInRequestContext } from '../../db/index.js';

/**
 * Gives each request its own EntityManager fork (its own identity map), made when the request first needs it. It
 * runs after the body parsers: some parsers lose AsyncLocalStorage. In tests the fork joins the test's transaction.
 */
export const databaseContext: RequestHandler = (_req, _res, next) => {
  if (!isDatabaseReady()) return next();
  outsideTransactionContext(() => runInRequestContext(next));
};
