import { DriverException, ForeignKeyConstraintViolationException, NotNullConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';

/** What a database error means, in one line without SQL or values the client did not send. */
export interface DatabaseErrorDescription {
  kind: 'unique' | 'foreign_key' | 'not_null' | 'out_of_range' | 'other';
  /** e.g. `Key (username)=(admin) already exists.`, or `not null constraint violation on column title.` */
  message: string;
}

/**
 * Describes a MikroORM driver error briefly. The error's own message holds the whole statement with its values
 * (password hashes included), and PostgreSQL's "Failing row contains (…)" detail lists every value, so only a
 * `Key (…)=(…)` detail, or else the column or constraint, is kept.
 */
export function describeDatabaseError(error: unknown): DatabaseErrorDescription | undefined {
  if (!(error instanceof DriverException)) return undefined;
  const e = error as DriverException & { detail?: unknown; constraint?: unknown; column?: unknown };
  // SQLSTATE 22003: a number too large for its column (e.g. 2^31 in an int column).
  const kind = error instanceof UniqueConstraintViolationException ? 'unique'
    : error instanceof ForeignKeyConstraintViolationException ? 'foreign_key'
      : error instanceof NotNullConstraintViolationException ? 'not_null'
        : error.code === '22003' || error.sqlState === '22003' ? 'out_of_range' : 'other';
  if (typeof e.detail === 'string' && e.detail && !e.detail.startsWith('Failing row')) return { kind, message: e.detail };
  const label = error.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (typeof e.column === 'string') return { kind, message: `${label} on column ${e.column}.` };
  if (typeof e.constraint === 'string') return { kind, message: `${label} (constraint ${e.constraint}).` };
  // The driver's own sentence (after MikroORM's "<sql> - "), which names no values for these errors.
  const driverMessage = error.message.includes(' - ') ? error.message.slice(error.message.lastIndexOf(' - ') + 3) : error.message;
  return { kind, message: kind === 'other' ? `${label}.` : driverMessage.split('\n')[0]! };
}
