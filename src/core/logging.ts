import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import { getSettings } from '../settings/index.js';

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
  logger = pino({
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } } : {}),
  });
  return logger;
}
