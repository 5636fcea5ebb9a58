/** The error body the kit writes: a string, or a structure (validation issues, health status). */
export type ErrorDetail = string | Record<string, unknown> | Array<Record<string, unknown>>;

/** Options every registry error takes. */
export interface KitErrorOptions {
  /** The error this one explains (kept for the log, never sent). */
  cause?: unknown;
  /** Response headers that belong to this error (401's `WWW-Authenticate`, 429's and 503's `Retry-After`). */
  headers?: Record<string, string>;
}

/**
 * Base of every framework error that maps to an HTTP answer: a stable `code`, the `status`, the `detail` a client
 * sees and the `headers` that go with it. The HTTP layer turns any KitError into `{"detail": …}` with its status
 * and headers; other errors become a 500.
 */
export class KitError extends Error {
  /** Stable machine-readable code, e.g. `not_found`. */
  readonly code: string;
  /** HTTP status this error maps to. */
  readonly status: number;
  /** What the client sees under `detail`. */
  readonly detail: ErrorDetail;
  /** Headers the error handler copies onto the response. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: string, status: number, detail: ErrorDetail, options: KitErrorOptions = {}) {
    super(typeof detail === 'string' ? detail : `${code} (${status})`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.detail = detail;
    this.headers = options.headers ?? {};
  }
}
