import type { CreateContextOptions } from '@mikro-orm/core';
import type { RequestHandler } from 'express';
import { getOrm, isDatabaseReady, outsideTransactionContext } from '../../db/index.js';
import { mikroOrm } from '../../db/index.js';

const { RequestContext } = mikroOrm;

/**
 * Gives each request its own EntityManager fork (its own identity map). It runs after the body parsers:
 * some parsers lose AsyncLocalStorage. In tests the fork joins the test's transaction (keepTransactionContext).
 */
export const databaseContext: RequestHandler = (_req, _res, next) => {
  if (!isDatabaseReady()) return next();
  const options = { keepTransactionContext: true } as CreateContextOptions;
  outsideTransactionContext(() => RequestContext.create(getOrm().em, next, options));
};
