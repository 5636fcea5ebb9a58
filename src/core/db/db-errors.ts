import { ForeignKeyConstraintViolationException, NotNullConstraintViolationException, UniqueConstraintViolationException, DriverException } from '@mikro-orm/core';

/** What a database error means, in one line without SQL or values the client did not send. */
export interface DatabaseErrorDescription {
  kind: 'unique' | 'foreign_key' | 'not_null' | 'out_of_range' | 'other';
  /** e.g. `Key (username)=(admin) already exists.` */
  message: string;
}

/**
 * Describes a MikroORM driver error briefly: the driver's `detail` (`Key (username)=(admin) already exists.`)
 * instead of the full statement, which can hold inlined values such as password hashes.
 */
export function describeDatabaseError(error: unknown): DatabaseErrorDescription | undefined {
  if (!(error instanceof DriverException)) return undefined;
  const driver = error as DriverException & { detail?: string; constraint?: string; table?: string };
  // SQLSTATE 22003: a number too large for its column (e.g. 2^31 in an int column).
  const kind = error instanceof UniqueConstraintViolationException ? 'unique'
    : error instanceof ForeignKeyConstraintViolationException ? 'foreign_key'
      : error instanceof NotNullConstraintViolationException ? 'not_null'
        : error.code === '22003' || error.sqlState === '22003' ? 'out_of_range' : 'other';
  // MikroORM's message is "<sql> - <driver message>"; keep the driver part only.
  const driverMessage = error.message.includes(' - ') ? error.message.slice(error.message.lastIndexOf(' - ') + 3) : error.message;
  const message = driver.detail ?? driverMessage.split('\n')[0]!;
  return { kind, message };
}
