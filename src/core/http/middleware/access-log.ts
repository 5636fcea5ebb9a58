import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { recordWriter } from '../../logging/index.js';

/** Paths not logged: scrapes would drown the log. */
const QUIET = new Set(['/metrics']);

/**
 * One line per request, written when the response is finished: method, URL, status and time in ms, at `info`
 * (4xx at `warn`, 5xx at `error`); headers stay out of the log. The logger's destination writes asynchronously
 * in batches (see core/logging), so a request never waits for the log; the line is serialized here, as pino
 * would, because pino's generic object serialization cost more than the rest of the line's work.
 */
export function accessLog(logger: Logger): RequestHandler {
  const write = recordWriter(logger);
  return (req, res, next) => {
    if (QUIET.has(req.url)) return next();
    const started = performance.now();
    res.on('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      const responseTime = Math.round((performance.now() - started) * 10) / 10;
      write(level, `,"req":{"method":${JSON.stringify(req.method)},"url":${JSON.stringify(req.originalUrl)}},"res":{"statusCode":${status}},"responseTime":${responseTime}`, status >= 500 ? 'request errored' : 'request completed');
    });
    next();
  };
}
