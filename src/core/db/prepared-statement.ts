import type { EntityManager } from '@mikro-orm/postgresql';
import { isEmbeddedDriver } from './embedded-driver.js';
import { mikroOrm } from './mikro-orm.js';
import { acquirePooledConnection, type PooledClient } from './pooled-connection.js';

/** A statement sent as a named prepared statement: `name` unique per text, `$1…` placeholders. */
export interface PreparedStatement {
  name: string;
  text: string;
}

interface PgResult {
  rows: Array<Record<string, unknown>>;
}
interface PgQuery {
  name?: string;
  callback?: (error: Error | null, result: PgResult) => void;
}
interface PgLikeConnection {
  /** A promise of the result, except for a `pg.Query`, which is returned (its callback gets the result). */
  query(config: PgQuery | string, values?: unknown[]): unknown;
  constructor: { Query?: new (text: string, values: unknown[]) => PgQuery };
}
interface DriverLike {
  convertException(error: Error): Error;
}

/**
 * Sends a named statement on a `pg` client. `client.query({ name, text, values })` copies its config object
 * property by property (pg's normalizeQueryConfig), which was a visible part of a one-row read; a `pg.Query`
 * made from the text and values, named afterwards, is submitted as it is.
 */
function queryNamed(connection: PgLikeConnection, statement: PreparedStatement, values: unknown[]): Promise<PgResult> {
  const Query = connection.constructor.Query;
  if (!Query) return connection.query({ name: statement.name, text: statement.text, values } as PgQuery) as Promise<PgResult>;
  const query = new Query(statement.text, values);
  query.name = statement.name;
  return new Promise((resolve, reject) => {
    query.callback = (error, result) => (error ? reject(error) : resolve(result));
    connection.query(query);
  });
}

/**
 * Runs a prepared statement on the context's connection (the transaction's, else one of MikroORM's pool), logged
 * and counted like MikroORM's own statements (DB_DEBUG prints it, assertNumQueries counts it); returns the rows as
 * `pg` parsed them. A failure is logged and converted as MikroORM converts its own: the statement, " - ", the
 * driver's message, as a MikroORM exception. The compiled reads and writes send everything through here.
 */
export async function runPrepared(em: EntityManager, statement: PreparedStatement, values: unknown[]): Promise<Array<Record<string, unknown>>> {
  const trx = em.getTransactionContext() as { client: PooledClient } | undefined;
  const client = (trx ?? (em.getConnection().getKnex() as unknown as { client: PooledClient })).client;
  const driver = em.getDriver() as unknown as DriverLike;
  const logger = em.config.getLogger();
  const started = performance.now();
  let rows: Array<Record<string, unknown>>;
  try {
    const pooled = acquirePooledConnection<PgLikeConnection>(client);
    // An idle connection comes at once: awaiting it would still cost a promise and a turn of the microtask queue.
    const connection = pooled instanceof Promise ? await pooled : pooled;
    try {
      // PGlite has no named statements; it takes the text and the parameters (never `exec`: see pglite-driver).
      const result = isEmbeddedDriver(driver) ? await (connection.query(statement.text, values) as Promise<PgResult>) : await queryNamed(connection, statement, values);
      rows = result.rows;
    } finally {
      // Synchronous in knex (it hands the connection back to the pool and returns a settled promise): not awaited.
      void client.releaseConnection(connection);
    }
  } catch (error) {
    logger.logQuery({ query: statement.text, params: values, took: Math.round(performance.now() - started), level: 'error' });
    if (error instanceof Error && !(error instanceof mikroOrm.DriverException)) error.message = `${statement.text} - ${error.message}`;
    throw driver.convertException(error as Error);
  }
  logger.logQuery({ query: statement.text, params: values, took: Math.round(performance.now() - started), results: rows.length, level: 'info' });
  return rows;
}
