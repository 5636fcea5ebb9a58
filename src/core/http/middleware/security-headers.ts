import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's security headers, computed once. With static options (no per-request CSP nonce) helmet sets the same
 * headers on every response, through a dozen small middleware in turn; here helmet runs once against a recorder
 * at start-up and each response gets the recorded list. Options with a function (a nonce) are refused: they
 * need helmet on every request.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  if (hasFunction(options)) throw new Error('securityHeaders: an option is a function (a per-request value such as a CSP nonce); use helmet() itself for these options.');
  const headers: Array<[string, string]> = [];
  let finished = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== 'string') throw new Error(`securityHeaders: helmet set ${name} to a non-string value.`);
      headers.push([name, value]);
    },
    removeHeader() {
      // X-Powered-By: the app never sets it (`app.disable('x-powered-by')`).
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('securityHeaders: helmet did not finish synchronously; use helmet() itself for these options.');
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/** True when a function is anywhere in the options: helmet calls those per request. */
function hasFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (Array.isArray(value)) return value.some(hasFunction);
  if (value && typeof value === 'object') return Object.values(value).some(hasFunction);
  return false;
}
