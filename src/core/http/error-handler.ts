import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Conflict, KitError, NotFound, TooManyRequests, ValidationFailed } from '../errors/index.js';
import { describeDatabaseError } from '../db/index.js';

/** Errors raised by Express's body parsers carry a `type`; each maps to a client error. */
const PARSER_ERRORS: Record<string, [number, string]> = {
  'entity.parse.failed': [400, 'Malformed JSON body'],
  'entity.too.large': [413, 'Request body is too large'],
  'parameters.too.many': [413, 'Too many form parameters'],
  'encoding.unsupported': [415, 'Unsupported content encoding'],
  'charset.unsupported': [415, 'Unsupported charset'],
  'request.aborted': [400, 'Request aborted'],
  'request.size.invalid': [400, 'Request size did not match content length'],
  'stream.encoding.set': [500, 'Internal Server Error'],
};

/** Maps a database constraint error to the client error it means (409 or 422), or undefined. */
function fromDatabase(error: unknown): KitError | undefined {
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

/** Turns any error into the client error to send, or undefined for a server error (500). */
export function toClientError(error: unknown): KitError | undefined {
  if (error instanceof KitError) return error;
  const parser = error as { type?: string; status?: number; expose?: boolean; message?: string };
  if (parser && typeof parser.type === 'string' && PARSER_ERRORS[parser.type]) {
    const [status, message] = PARSER_ERRORS[parser.type]!;
    if (status >= 500) return undefined;
    const detail = parser.type === 'entity.parse.failed' && parser.message ? `${message}: ${parser.message}` : `${message}.`;
    return new KitError(parser.type.replace(/\./g, '_'), status, detail);
  }
  // A path whose percent-encoding does not decode: the router throws a URIError marked 400.
  if (error instanceof URIError && parser.status === 400) return new KitError('bad_request', 400, 'Malformed URL: invalid percent-encoding.');
  // Other client errors of the Express stack (http-errors, `expose` set), e.g. a compressed body that does not
  // inflate. Errors of other libraries that merely carry a status (an upstream's 404) stay server errors.
  if (parser?.expose === true && typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
    const message = parser.message || STATUS_CODES[parser.status] || 'Bad request';
    return new KitError('bad_request', parser.status, parser.status === 400 ? `Bad request: ${message}.` : `${message}.`);
  }
  return fromDatabase(error);
}

/**
 * The one error handler: framework errors become `{"detail": …}` with their status; anything else is a 500
 * with a generic body, and its stack goes to the log.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const client = toClientError(error);
  if (client) {
    // A framework error meaning a server fault (NoDatabaseContext, SignalLoop) is still logged with its stack.
    if (client.status === 500) (req as { log?: { error(obj: unknown, msg: string): void } }).log?.error({ err: error }, 'server error');
    if (client instanceof TooManyRequests && client.retryAfter !== undefined) res.setHeader('Retry-After', String(client.retryAfter));
    if (client.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(client.status).json({ detail: client.detail });
    return;
  }
  (req as { log?: { error(obj: unknown, msg: string): void } }).log?.error({ err: error }, 'unhandled error');
  if (!(req as { log?: unknown }).log) console.error(error);
  res.status(500).json({ detail: 'Internal Server Error' });
};

/** The 404 for paths no route answers. */
export const notFoundHandler: RequestHandler = (req, _res, next) => next(new NotFound('Not Found'));
