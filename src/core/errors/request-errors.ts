import { STATUS_CODES } from 'node:http';
import type { KitError } from './kit-error.js';
import {
  MalformedJson,
  MalformedUrl,
  PayloadTooLarge,
  RequestAborted,
  RequestRejected,
  RequestSizeMismatch,
  TooManyParameters,
  UnsupportedCharset,
  UnsupportedEncoding,
} from './registry.js';

/** What Express's body parsers (http-errors) and router put on the errors they raise. */
interface HttpErrorLike {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  message?: unknown;
}

/** The registry error for each `type` of body-parser error; a type not listed here is a server fault (500). */
const BY_TYPE: Record<string, (error: HttpErrorLike) => KitError> = {
  'entity.parse.failed': (e) => new MalformedJson(typeof e.message === 'string' ? e.message : undefined),
  'entity.too.large': () => new PayloadTooLarge(),
  'parameters.too.many': () => new TooManyParameters(),
  'encoding.unsupported': () => new UnsupportedEncoding(),
  'charset.unsupported': () => new UnsupportedCharset(),
  'request.aborted': () => new RequestAborted(),
  'request.size.invalid': () => new RequestSizeMismatch(),
};

/**
 * The registry error for an error raised while reading the request (body parsers, path decoding), or undefined
 * when the error is not one (it is then the application's, and a 500 unless it is a KitError).
 */
export function fromRequestError(error: unknown): KitError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as HttpErrorLike;
  if (typeof e.type === 'string' && e.type in BY_TYPE) return BY_TYPE[e.type]!(e);
  // A path whose percent-encoding does not decode: the router throws a URIError marked 400.
  if (error instanceof URIError && e.status === 400) return new MalformedUrl();
  // Other client errors of the Express stack (http-errors, `expose` set), e.g. a compressed body that does not
  // inflate. Errors of other libraries that merely carry a status (an upstream's 404) stay server errors.
  if (typeof e.type === 'string' && e.type === 'stream.encoding.set') return undefined;
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const reason = (typeof e.message === 'string' && e.message) || STATUS_CODES[e.status] || 'Bad request';
    return new RequestRejected(e.status, reason);
  }
  return undefined;
}
