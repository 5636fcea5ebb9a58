import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import { getSettings } from '../../settings/index.js';

let logger: Logger | undefined;

/** True when pino-pretty is installed (a dev dependency): development logs are then human-readable. */
function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** The process logger: JSON lines in production, pretty in development, silent in tests unless LOG_LEVEL says otherwise. */
export function getLogger(): Logger {
  if (logger) return logger;
  const settings = getSettings();
  const level = settings.LOG_LEVEL ?? (settings.APP_ENVIRONMENT === 'test' ? 'silent' : 'info');
  const pretty = settings.APP_ENVIRONMENT === 'dev' && prettyAvailable();
  const options = { level, redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] };
  if (pretty) {
    // A transport runs in a worker thread: already off the request's path.
    logger = pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } });
  } else {
    // Asynchronous, buffered stdout: lines are written in batches of at least 4 KiB, and at the latest every
    // 250 ms, so a busy server makes one write per few dozen lines and no request waits for the terminal or the
    // pipe. pino writes out what is left when the process exits (`process.exit` and fatal errors included).
    logger = pino(options, pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }));
  }
  return logger;
}
