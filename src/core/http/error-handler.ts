import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Conflict, DatabaseUnavailable, fromRequestError, KitError, NotFound, StaleObject, ValidationFailed } from '../errors/index.js';
import { describeDatabaseError, isDatabaseOutage, redactedError } from '../db/index.js';
import { getLogger } from '../logging/index.js';
import { mikroOrm } from '../db/index.js';

const { OptimisticLockError } = mikroOrm;

/** Maps a database error to the client error it means (409, 422, or 503 for an outage), or undefined. */
function fromDatabase(error: unknown): KitError | undefined {
  if (error instanceof OptimisticLockError) {
    const entity = error.getEntity();
    return new StaleObject(entity ? entity.constructor.name : undefined, { cause: error });
  }
  if (isDatabaseOutage(error)) return new DatabaseUnavailable({ cause: error });
  const described = describeDatabaseError(error);
  if (!described) return undefined;
  if (described.kind === 'unique') return new Conflict(`Conflict: ${described.message}`, { cause: error });
  if (described.kind === 'foreign_key') {
    // On insert/update a missing referenced row is bad input on that field; on delete, a conflict.
    const missing = /^Key \((\w+)\)=\((.*)\) is not present in table/.exec(described.message);
    if (missing) return new ValidationFailed([{ type: 'foreign_key', loc: ['body', missing[1]!], msg: `No row with id ${missing[2]} exists.` }]);
    return new Conflict(`Conflict: ${described.message}`, { cause: error });
  }
  if (described.kind === 'not_null') return new ValidationFailed([{ type: 'missing', loc: ['body'], msg: described.message }]);
  if (described.kind === 'out_of_range') return new ValidationFailed([{ type: 'out_of_range', loc: ['body'], msg: described.message }]);
  return undefined;
}

/** Turns any error into the registry error to send, or undefined for a server error (500). */
export function toClientError(error: unknown): KitError | undefined {
  if (error instanceof KitError) return error;
  return fromRequestError(error) ?? fromDatabase(error);
}

type Log = { error(obj: unknown, msg: string): void; warn(obj: unknown, msg: string): void };

/**
 * The one error handler: registry errors become `{"detail": …}` with their status and headers; anything else
 * is a 500 with a generic body. Server faults and outages are logged without the values of failed statements.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const log: Log = getLogger();
  const client = toClientError(error);
  if (client) {
    // A framework error meaning a server fault (NoDatabaseContext, SignalLoop) is still logged with its stack.
    if (client.status === 500) log.error({ err: redactedError(error) }, 'server error');
    else if (client instanceof DatabaseUnavailable) log.warn({ err: redactedError(client.cause) }, 'database unavailable');
    for (const [name, value] of Object.entries(client.headers)) res.setHeader(name, value);
    res.status(client.status).json({ detail: client.detail });
    return;
  }
  log.error({ err: redactedError(error), method: req.method, url: req.originalUrl }, 'unhandled error');
  res.status(500).json({ detail: 'Internal Server Error' });
};

/** The 404 for paths no route answers. */
export const notFoundHandler: RequestHandler = (req, _res, next) => next(new NotFound('Not Found'));
