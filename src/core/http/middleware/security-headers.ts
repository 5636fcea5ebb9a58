import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { isUnder } from '../../web/index.js';

/**
 * The headers an API response keeps of helmet's: those that still mean something for a JSON body (OWASP's REST
 * Security Cheat Sheet). The others (COOP, Origin-Agent-Cluster, Referrer-Policy, X-DNS-Prefetch-Control,
 * X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection) govern documents a browser renders;
 * each costs every response its time (about 2 µs a header here) and its bytes.
 */
const API_HEADERS = new Set(['cross-origin-resource-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options']);
/** An API response is never a page: it may load nothing and be framed nowhere. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";


/**
 * helmet's security headers, computed once. With static options (no per-request CSP nonce) helmet sets the same
 * headers on every response, through a dozen small middleware in turn; here helmet runs once against a recorder
 * at start-up and each response gets the recorded list: all of them for pages, docs and statics, the API subset
 * (API_HEADERS, and a CSP that allows nothing) under `/api`. Options with a function (a nonce) are refused: they
 * need helmet on every request.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const page = helmetHeaders(options);
  const api: Array<[string, string]> = page.filter(([name]) => API_HEADERS.has(name));
  if (options.contentSecurityPolicy !== false) api.unshift(['content-security-policy', API_CSP]);
  return (req, res, next) => {
    for (const [name, value] of isUnder(req.path, '/api') ? api : page) res.setHeader(name, value);
    next();
  };
}

/** The headers helmet sets for `options`, names in lower case. */
function helmetHeaders(options: HelmetOptions): Array<[string, string]> {
  if (hasFunction(options)) throw new Error('securityHeaders: an option is a function (a per-request value such as a CSP nonce); use helmet() itself for these options.');
  const headers: Array<[string, string]> = [];
  let finished = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== 'string') throw new Error(`securityHeaders: helmet set ${name} to a non-string value.`);
      // Lower-cased here, once: Node lower-cases every name it is given (a new string per header per response);
      // names are case-insensitive, and HTTP/2 sends them in lower case anyway.
      headers.push([name.toLowerCase(), value]);
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
  return headers;
}

/** True when a function is anywhere in the options: helmet calls those per request. */
function hasFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (Array.isArray(value)) return value.some(hasFunction);
  if (value && typeof value === 'object') return Object.values(value).some(hasFunction);
  return false;
}
