import { ForeignKeyConstraintViolationException, NotNullConstraintViolationException, UniqueConstraintViolationException, DriverException } from '@mikro-orm/core';

/** What a database error means, in one line without SQL or values the client did not send. */
export interface DatabaseErrorDescription {
  kind: 'unique' | 'foreign_key' | 'not_null' | 'other';
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
  const kind = error instanceof UniqueConstraintViolationException ? 'unique'
    : error instanceof ForeignKeyConstraintViolationException ? 'foreign_key'
      : error instanceof NotNullConstraintViolationException ? 'not_null' : 'other';
  // MikroORM's message is "<sql> - <driver message>"; keep the driver part only.
  const driverMessage = error.message.includes(' - ') ? error.message.slice(error.message.lastIndexOf(' - ') + 3) : error.message;
  const message = driver.detail ?? driverMessage.split('\n')[0]!;
  return { kind, message };
}
