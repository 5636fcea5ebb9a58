import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** Paths not logged: scrapes would drown the log. */
const QUIET = new Set(['/metrics']);

/**
 * One line per request, written when the response is finished: method, URL, status and time in ms, at `info`
 * (4xx at `warn`, 5xx at `error`); headers stay out of the log. The logger's destination writes asynchronously
 * (see core/logging), so a request never waits for the log. It replaces pino-http, whose per-request child
 * logger and serializers cost more than the line itself.
 */
export function accessLog(processLogger: Logger): RequestHandler {
  // The line holds no headers, so the process logger's redaction (a copy of every object logged) has nothing
  // to do here: a child without it writes the same line for less.
  const logger = processLogger.child({}, { redact: [] });
  return (req, res, next) => {
    if (QUIET.has(req.url)) return next();
    const started = performance.now();
    res.on('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const responseTime = Math.round((performance.now() - started) * 10) / 10;
      logger[level]({ req: { method: req.method, url: req.originalUrl }, res: { statusCode: status }, responseTime }, status >= 500 ? 'request errored' : 'request completed');
    });
    next();
  };
}
