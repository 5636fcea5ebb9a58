/** The error body the kit writes: a string, or a structure (validation issues, health status). */
export type ErrorDetail = string | Record<string, unknown> | Array<Record<string, unknown>>;

/**
 * Base of every framework error: a stable `code`, the HTTP `status` it maps to and the `detail` a client sees.
 * The HTTP layer turns any KitError into `{"detail": …}` with its status; other errors become a 500.
 */
export class KitError extends Error {
  /** Stable machine-readable code, e.g. `not_found`. */
  readonly code: string;
  /** HTTP status this error maps to. */
  readonly status: number;
  /** What the client sees under `detail`. */
  readonly detail: ErrorDetail;

  constructor(code: string, status: number, detail: ErrorDetail, options?: { cause?: unknown }) {
    super(typeof detail === 'string' ? detail : `${code} (${status})`, options);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.detail = detail;
  }
}
