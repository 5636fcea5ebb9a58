import type { ErrorRequestHandler, Request } from 'express';
import type { KitError } from '../errors/index.js';
import { renderPage } from './render.js';
import { isUnder } from '../web/index.js';

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Not signed in', 403: 'Forbidden', 404: 'Page not found', 405: 'Method not allowed',
  409: 'Conflict', 413: 'Too large', 422: 'Invalid input', 429: 'Too many attempts', 500: 'Server error', 503: 'Unavailable',
};

const isWebPath = (req: Request) => isUnder(req.path, '/web');

/**
 * Errors under /web as HTML pages (the `kit/error.html` template, with the status and a readable message);
 * /api and the rest keep the JSON error handler that follows. A 500 shows no detail, and its stack is logged.
 */
export function webErrorPages(toClientError: (error: unknown) => KitError | undefined): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent || !isWebPath(req)) return next(error);
    const client = toClientError(error);
    const status = client?.status ?? 500;
    if (!client || status >= 500) (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err: error }, 'server error');
    const generic = client?.detail === 'Not Found';
    const message = generic ? 'The page you asked for does not exist, or it has moved.' : client && status < 500 && typeof client.detail === 'string' ? client.detail : status === 422 ? 'The form could not be read.' : status >= 500 ? 'Something went wrong on our side. Please try again in a moment.' : TITLES[status];
    if (client && 'retryAfter' in client && typeof client.retryAfter === 'number') res.setHeader('Retry-After', String(client.retryAfter));
    try {
      renderPage(req, res, 'kit/error.html', { status, title: TITLES[status] ?? 'Error', message }, status);
    } catch (renderError) {
      // The error page itself failed (a broken template): fall back to the plain text, never a second 500 loop.
      (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err: renderError }, 'error page failed');
      res.status(status).type('text/plain').send(`${status} ${TITLES[status] ?? 'Error'}`);
    }
  };
}
