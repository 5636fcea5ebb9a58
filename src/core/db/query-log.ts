import type { LogContext, LoggerNamespace, LoggerOptions } from '@mikro-orm/core';
import { mikroOrm } from './mikro-orm.js';

const { DefaultLogger } = mikroOrm;

/** One SQL statement as MikroORM sent it. */
export interface LoggedQuery {
  sql: string;
  /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE: transaction control rather than data work. */
  txControl: boolean;
}

const TX_CONTROL = /^\s*(begin|start transaction|commit|rollback|savepoint|release)\b/i;
const listeners = new Set<(query: LoggedQuery) => void>();

/**
 * Calls `listener` for every statement MikroORM runs until the returned function is called.
 * This is how `assertNumQueries` counts; it works whether or not `DB_DEBUG` logging is on.
 */
export function onQuery(listener: (query: LoggedQuery) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** MikroORM logger that also feeds the query listeners (MikroORM calls `logQuery` for every statement). */
export class QueryCountingLogger extends DefaultLogger {
  constructor(options: LoggerOptions) {
    super(options);
  }

  override logQuery(context: { query: string } & LogContext): void {
    if (listeners.size > 0) {
      const query = { sql: context.query, txControl: TX_CONTROL.test(context.query) };
      for (const listener of listeners) listener(query);
    }
    super.logQuery(context);
  }

  override isEnabled(namespace: LoggerNamespace, context?: LogContext): boolean {
    return super.isEnabled(namespace, context);
  }
}
