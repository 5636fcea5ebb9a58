import { pino, type Logger } from 'pino';

/** The levels a pre-serialized record may have. */
export type RecordLevel = 'info' | 'warn' | 'error';

/**
 * A writer of pre-serialized records to a pino logger's destination, byte for byte what `logger[level](obj, msg)`
 * would write (level number, time, the logger's bindings, the fields, msg), for the one record written on every
 * request: pino's generic serialization of an object costs several times the line itself. `fields` is a JSON
 * fragment that starts with a comma (`,"res":{"statusCode":200}`); the caller escapes what it puts there.
 */
export function recordWriter(logger: Logger): (level: RecordLevel, fields: string, msg: string) => void {
  const stream = (logger as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym]!;
  const bindings = (logger as unknown as Record<symbol, string>)[pino.symbols.chindingsSym] ?? '';
  const levels = { info: logger.levels.values.info!, warn: logger.levels.values.warn!, error: logger.levels.values.error! };
  return (level, fields, msg) => {
    if (!logger.isLevelEnabled(level)) return;
    stream.write(`{"level":${levels[level]},"time":${Date.now()}${bindings}${fields},"msg":${JSON.stringify(msg)}}\n`);
  };
}
