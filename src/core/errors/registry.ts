import { KitError, type ErrorDetail } from './kit-error.js';

/**
 * The error registry: every framework error with its code, status and default message, in one place.
 * Throw these from models, dependencies and handlers; the HTTP layer maps them to `{"detail": …}`.
 */

/** 400: the request is well-formed but cannot be honoured. */
export class BadRequest extends KitError {
  constructor(detail: ErrorDetail = 'Bad request.') { super('bad_request', 400, detail); }
}
/** 401: no or invalid credentials. */
export class Unauthorized extends KitError {
  constructor(detail: ErrorDetail = 'Not authenticated') { super('unauthorized', 401, detail); }
}
/** 403: authenticated but not allowed. */
export class Forbidden extends KitError {
  constructor(detail: ErrorDetail = 'Insufficient rights to carry out this action') { super('forbidden', 403, detail); }
}
/** 404: the object does not exist. */
export class NotFound extends KitError {
  constructor(detail: ErrorDetail = 'Not found.') { super('not_found', 404, detail); }
}
/** 409: the write conflicts with existing data (a unique value, a referenced row). */
export class Conflict extends KitError {
  constructor(detail: ErrorDetail = 'Conflict.', options?: { cause?: unknown }) { super('conflict', 409, detail, options); }
}
/** 413: the body is over the size limit. */
export class PayloadTooLarge extends KitError {
  constructor(detail: ErrorDetail = 'Request body is too large.') { super('payload_too_large', 413, detail); }
}
/** 422: the input does not match the schema; `detail` lists `{loc, msg, type}` issues (FastAPI's shape). */
export class ValidationFailed extends KitError {
  constructor(detail: Array<Record<string, unknown>>) { super('validation_error', 422, detail); }
}
/** 429: too many attempts; `retryAfter` (seconds) becomes the Retry-After header. */
export class TooManyRequests extends KitError {
  constructor(detail: ErrorDetail = 'Too many requests.', readonly retryAfter?: number) { super('too_many_requests', 429, detail); }
}
/** 503: a dependency (database, Redis) is not available. */
export class ServiceUnavailable extends KitError {
  constructor(detail: ErrorDetail = 'Service unavailable.') { super('service_unavailable', 503, detail); }
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
 * A management command cannot do what was asked (bad arguments, nothing to do, a failed check). The CLI prints
 * the message as one line and exits with `exitCode`: 1 for a failure, 2 for bad usage.
 */
export class CommandError extends KitError {
  constructor(detail: string, readonly exitCode: 1 | 2 = 1, options?: { cause?: unknown }) { super('command_error', 400, detail, options); }
}
