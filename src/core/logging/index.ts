/** The process's logger: pino, JSON in production, pretty in development when pino-pretty is installed. */
export { getLogger } from './logger.js';
export { recordWriter, type RecordLevel } from './records.js';
