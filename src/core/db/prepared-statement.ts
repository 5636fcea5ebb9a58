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
/** What the describe-once query uses of `pg.Query` (its prepare step and the row description it handles). */
interface PgQueryInternals extends PgQuery {
  prepare(connection: PgProtocolConnection): void;
  hasBeenParsed(connection: PgProtocolConnection): boolean;
  handleRowDescription(message: { fields: unknown[] }): void;
  _result: RowShape;
  _accumulateRows?: unknown;
}
/** What `pg.Result.addFields` makes of a row description: the fields, a parser per field, an empty row to copy. */
interface RowShape {
  fields: unknown[];
  _parsers: unknown[] | undefined;
  _prebuiltEmptyResultObject: object | null;
}
/** pg's protocol connection (`client.connection`): one per server session, which holds its prepared statements. */
interface PgProtocolConnection {
  describe(message: unknown): void;
}
type PgQueryClass = new (text: string, values: unknown[]) => PgQueryInternals;
interface PgLikeConnection {
  /** A promise of the result, except for a `pg.Query`, which is returned (its callback gets the result). */
  query(config: PgQuery | string, values?: unknown[]): unknown;
  constructor: { Query?: PgQueryClass };
}

/** How each server session's described statements read their rows, by statement name. */
const described = new WeakMap<PgProtocolConnection, Map<string, RowShape>>();
const skipDescribe = () => {};
const describeOnceClasses = new WeakMap<PgQueryClass, PgQueryClass>();

/**
 * A `pg.Query` that asks the server to describe a named statement's rows only the first time a session runs it.
 * pg sends Describe with every execution, and parses the RowDescription that comes back (in a profile of an
 * authenticated POST, the largest single cost in pg and 7% of what the server allocated). A prepared statement's
 * columns cannot change within a session (PostgreSQL refuses: "cached plan must not change result type"), so the
 * first description serves every later run; a statement parsed again (a new session) is described again. What pg
 * made of the description (a type parser per column) is kept too, instead of being made again for every run.
 */
function describeOnce(Query: PgQueryClass): PgQueryClass {
  let Class = describeOnceClasses.get(Query);
  if (Class) return Class;
  Class = class DescribeOnceQuery extends Query {
    private session?: PgProtocolConnection;

    override prepare(connection: PgProtocolConnection): void {
      const shape = this.name === undefined ? undefined : described.get(connection)?.get(this.name);
      if (!shape || !this.hasBeenParsed(connection)) {
        this.session = connection;
        super.prepare(connection);
        return;
      }
      // pg's prepare binds, describes and executes; without its Describe the rows come at once, so the result is
      // set up as the description would set it before they do (prepare runs before anything is read).
      connection.describe = skipDescribe;
      try {
        super.prepare(connection);
      } finally {
        delete (connection as Partial<PgProtocolConnection>).describe;
      }
      this._result.fields = shape.fields;
      this._result._parsers = shape._parsers;
      this._result._prebuiltEmptyResultObject = shape._prebuiltEmptyResultObject;
      // What pg's handleRowDescription sets besides: rows go to the result (the callback reads them from there).
      this._accumulateRows = true;
    }

    override handleRowDescription(message: { fields: unknown[] }): void {
      super.handleRowDescription(message);
      if (this.session && this.name !== undefined) {
        let statements = described.get(this.session);
        if (!statements) described.set(this.session, (statements = new Map()));
        const { fields, _parsers, _prebuiltEmptyResultObject } = this._result;
        statements.set(this.name, { fields, _parsers, _prebuiltEmptyResultObject });
      }
    }
  };
  describeOnceClasses.set(Query, Class);
  return Class;
}
interface DriverLike {
  convertException(error: Error): Error;
}

/**
 * Sends a named statement on a `pg` client. `client.query({ name, text, values })` copies its config object
 * property by property (pg's normalizeQueryConfig), which was a visible part of a one-row read; a `pg.Query`
 * made from the text and values, named afterwards, is submitted as it is (one that describes its rows once a session).
 */
function queryNamed(connection: PgLikeConnection, statement: PreparedStatement, values: unknown[]): Promise<PgResult> {
  const Query = connection.constructor.Query;
  if (!Query) return connection.query({ name: statement.name, text: statement.text, values } as PgQuery) as Promise<PgResult>;
  const query = new (describeOnce(Query))(statement.text, values);
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
