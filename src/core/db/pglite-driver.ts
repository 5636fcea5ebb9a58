import type { PGliteInterface } from '@electric-sql/pglite';
import type { Configuration } from '@mikro-orm/postgresql';
import { PGliteConnection, PGliteDialectDataSource, PGliteKnexDialect, type QueryObject } from 'mikro-orm-pglite';
import { countStatements } from './sql-statements.js';
import { mikroOrmPostgres } from './mikro-orm.js';

const { AbstractSqlDriver, PostgreSqlPlatform } = mikroOrmPostgres;

/**
 * mikro-orm-pglite 0.5.1 treats any SQL containing `;` as several statements and runs it through PGlite's `exec`,
 * whose result MikroORM cannot read. MikroORM inlines parameters into the SQL text, so a user's `a;b` in a value
 * made inserts return no id and finds return empty entities. This dialect counts real statements instead.
 */
class StatementAwarePGliteDialect extends PGliteKnexDialect {
  override async _query(connection: PGliteInterface, obj: QueryObject): Promise<QueryObject> {
    if (!obj.sql) throw new Error('The query is empty.');
    const several = obj.method === 'raw' && (obj.bindings?.length ?? 0) === 0 && countStatements(obj.sql) > 1;
    obj.response = several ? await connection.exec(obj.sql) : await connection.query(obj.sql, obj.bindings ?? []);
    return obj;
  }
}

/** PGlite's connection, built on the statement-aware dialect. */
class KitPGliteConnection extends PGliteConnection {
  private readonly dataSource = new PGliteDialectDataSource();

  override createKnex(): void {
    this.client = this.createKnexClient(StatementAwarePGliteDialect as unknown as string);
    const dialect = this.getKnex().client as StatementAwarePGliteDialect & { ormConfig?: Configuration };
    dialect.ormConfig = this.config;
    dialect.driver = this.dataSource;
    this.connected = true;
  }
}

/** The embedded PostgreSQL driver of the kit: PGlite, with a correct single/multi statement split. */
export class KitPGliteDriver extends AbstractSqlDriver<KitPGliteConnection> {
  constructor(config: Configuration) {
    super(config, new PostgreSqlPlatform(), KitPGliteConnection, ['knex', '@electric-sql/pglite', '@harryplusplus/knex-pglite']);
  }
}
