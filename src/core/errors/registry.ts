import { KitError, type ErrorDetail, type KitErrorOptions } from './kit-error.js';

/**
 * The error registry: every framework error with its code, status and default message, in one place.
 * Throw these from models, dependencies and handlers; the HTTP layer maps them to `{"detail": …}`.
 */

/** One validation problem, in FastAPI's shape (`loc` says where: `['body', 'name']`, `['path', 'pk']`). */
export interface ValidationIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
}

/** Seconds a client is told to wait before retrying after an outage (503). */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** 400: the request is well-formed but cannot be honoured. */
export class BadRequest extends KitError {
  constructor(detail: ErrorDetail = 'Bad request.', options?: KitErrorOptions) { super('bad_request', 400, detail, options); }
}
/** 401: no or invalid credentials; says `WWW-Authenticate: Bearer`. */
export class Unauthorized extends KitError {
  constructor(detail: ErrorDetail = 'Not authenticated') { super('unauthorized', 401, detail, { headers: { 'WWW-Authenticate': 'Bearer' } }); }
}
/** 403: authenticated but not allowed. */
export class Forbidden extends KitError {
  constructor(detail: ErrorDetail = 'Insufficient rights to carry out this action') { super('forbidden', 403, detail); }
}
/** 404: the object does not exist. */
export class NotFound extends KitError {
  constructor(detail: ErrorDetail = 'Not found.') { super('not_found', 404, detail); }
}
/** 405: the path exists, not with this method; `Allow` lists the methods it has. */
export class MethodNotAllowed extends KitError {
  constructor(readonly allowed: readonly string[]) {
    super('method_not_allowed', 405, 'Method Not Allowed', { headers: { Allow: allowed.join(', ') } });
  }
}
/** 409: the write conflicts with existing data (a unique value, a referenced row). */
export class Conflict extends KitError {
  constructor(detail: ErrorDetail = 'Conflict.', options?: { cause?: unknown }) { super('conflict', 409, detail, options); }
}
/** 409: the row changed since it was read (its version column moved on); read it again and retry. */
export class StaleObject extends KitError {
  constructor(model = 'The object', options?: { cause?: unknown }) {
    super('stale_object', 409, `Conflict: ${model} was changed by another request since it was read; read it again and retry.`, options);
  }
}
/** 422: the input does not match the schema; `detail` lists `{loc, msg, type}` issues (FastAPI's shape). */
export class ValidationFailed extends KitError {
  /** The issues, typed (the same array as `detail`). */
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super('validation_error', 422, issues.map((issue) => ({ ...issue })));
    this.issues = issues;
  }
}
/** 429: too many attempts; `retryAfter` (seconds) becomes the Retry-After header. */
export class TooManyRequests extends KitError {
  constructor(detail: ErrorDetail = 'Too many requests.', readonly retryAfter?: number) {
    super('too_many_requests', 429, detail, retryAfter === undefined ? {} : { headers: { 'Retry-After': String(retryAfter) } });
  }
}
/** 503: a dependency (database, Redis) is not available; `retryAfter` (seconds) becomes the Retry-After header. */
export class ServiceUnavailable extends KitError {
  constructor(detail: ErrorDetail = 'Service unavailable.', readonly retryAfter?: number, options?: { cause?: unknown }) {
    super('service_unavailable', 503, detail, { ...options, headers: retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) } });
  }
}
/** 503: the database cannot be reached (refused, reset, timed out, shutting down, too many clients, pool exhausted). */
export class DatabaseUnavailable extends KitError {
  constructor(options?: { cause?: unknown }) {
    super('database_unavailable', 503, 'Service unavailable: the database is not reachable.', {
      ...options,
      headers: { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) },
    });
  }
}

// Errors of reading the request itself (Express's body parsers, the router): each has its own code.

/** 400: the JSON body does not parse; the detail names the parser's complaint. */
export class MalformedJson extends KitError {
  constructor(reason?: string) { super('malformed_json', 400, reason ? `Malformed JSON body: ${reason}` : 'Malformed JSON body.'); }
}
/** 413: the body is over the size limit. */
export class PayloadTooLarge extends KitError {
  constructor(detail: ErrorDetail = 'Request body is too large.') { super('payload_too_large', 413, detail); }
}
/** 413: a form body has more parameters than the parser accepts. */
export class TooManyParameters extends KitError {
  constructor() { super('too_many_parameters', 413, 'Too many form parameters.'); }
}
/** 415: the body's Content-Encoding is not one the server inflates. */
export class UnsupportedEncoding extends KitError {
  constructor() { super('unsupported_encoding', 415, 'Unsupported content encoding.'); }
}
/** 415: the body's charset is not one the server decodes. */
export class UnsupportedCharset extends KitError {
  constructor() { super('unsupported_charset', 415, 'Unsupported charset.'); }
}
/** 400: the client stopped sending the body. */
export class RequestAborted extends KitError {
  constructor() { super('request_aborted', 400, 'Request aborted.'); }
}
/** 400: the body's length does not match its Content-Length. */
export class RequestSizeMismatch extends KitError {
  constructor() { super('request_size_invalid', 400, 'Request size did not match content length.'); }
}
/** 400: a path whose percent-encoding does not decode. */
export class MalformedUrl extends KitError {
  constructor() { super('malformed_url', 400, 'Malformed URL: invalid percent-encoding.'); }
}
/** 4xx: another client error of the Express stack (e.g. a compressed body that does not inflate), with its status. */
export class RequestRejected extends KitError {
  constructor(status: number, reason: string) { super('request_rejected', status, status === 400 ? `Bad request: ${reason}.` : `${reason}.`); }
}

/** 400: a filter or ordering names an unknown field, an unknown operator, or gives a value of the wrong type. */
export class InvalidLookup extends KitError {
  constructor(detail: string) { super('invalid_lookup', 400, detail); }
}
/** 400: data given to `create`/`assign` names a field the model does not have. */
export class UnknownField extends KitError {
  constructor(detail: string) { super('unknown_field', 400, detail); }
}
/** 500: an active-record call ran outside any database context (a request, `transaction(fn)` or `withContext(fn)`). */
export class NoDatabaseContext extends KitError {
  constructor() {
    super(
      'no_db_context',
      500,
      'No database context: call models inside an HTTP request, inside transaction(async () => …), ' +
        'or inside withContext(async () => …) (scripts, jobs, the CLI).',
    );
  }
}
/** 400: a fixture file or entry cannot be loaded; the message names the file and entry. Nothing was written. */
export class FixtureError extends KitError {
  constructor(detail: string, options?: { cause?: unknown }) { super('fixture_error', 400, detail, options); }
}
/** 500: signal handlers kept persisting new work after a flush, round after round. */
export class SignalLoop extends KitError {
  constructor(rounds: number) {
    super('signal_loop', 500, `Signal handlers kept writing after ${rounds} flush rounds; an after* handler probably re-triggers itself.`);
  }
}
/** 422: a task was enqueued with data its schema refuses; `detail` lists `{loc, msg, type}` issues. Nothing was queued. */
export class TaskPayloadInvalid extends KitError {
  constructor(readonly task: string, detail: Array<Record<string, unknown>>) {
    super('task_payload_invalid', 422, detail);
    const first = detail[0];
    this.message = `Task '${task}' refused its payload: ${first ? `${(first.loc as string[]).join('.') || '(root)'}: ${String(first.msg)}` : 'invalid'}`;
  }
}

/**
 * A management command cannot do what was asked (bad arguments, nothing to do, a failed check). Not an HTTP
 * error: the CLI prints the message as one line and exits with `exitCode`, 1 for a failure, 2 for bad usage.
 */
export class CommandError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'command_error';
  constructor(message: string, readonly exitCode: 1 | 2 = 1, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CommandError';
  }
}
