/**
 * The model layer: declare tables with `@Model` and `@Field`, query them with the active record of `BaseTable`,
 * group writes with `transaction`, react to writes with `signals`.
 */
import 'reflect-metadata';
import '../zod-setup.js';

export { mikroOrm, mikroOrmPostgres } from './mikro-orm.js';
export { BaseTable, type ModelClass, type AbstractModelClass, type QueryOptions, type GetOptions, type Page, type CreateBody, type UpdateValues } from './base-table.js';
export { Model, type ModelOptions, registeredModels, findModel, modelNames, modelOptions, assignApp } from './model.js';
export { Field, type FieldOptions } from './field.js';
export { F, FExpression } from './f-expression.js';
export { currentEm, readEm, runInRequestContext, transaction, withContext, getOrm, isDatabaseReady, setFallbackEntityManager, outsideTransactionContext } from './context.js';
export { initDatabase, closeDatabase, openConnection, kitOrmOptions, OrmConfig, type OrmConfigFactory, type DatabaseConnection, type DatabaseOptions } from './orm.js';
export type { KitPGliteDriver } from './pglite-driver.js';
export { migrate, migrationStatus, getMigrator, loadMigrations, Migrations, type MigrateResult, type MigrationList } from './migrations.js';
export { databaseDrift, describeSchemaDifference } from './schema-drift.js';
export { migrationFilesDrift } from './migration-files-drift.js';
export { signals, type SignalHandler, type SignalContext, type TableCreatedHandler, type TableDroppedHandler } from './signals.js';
export { onQuery, type LoggedQuery } from './query-log.js';
export { planOf, type ModelPlan, type AnyModelClass } from './plan.js';
export { snakeCase, type SnakeCase } from './naming.js';
export { countStatements } from './sql-statements.js';
export { runPrepared, type PreparedStatement } from './prepared-statement.js';
export { entityFromRow } from './row-entity.js';
export type { CreateSchema, UpdateSchema, ReadSchema, ReadJSON, Filters, OrderBy, LookupOperator, CreateInput, AssignInput, Equal, Version } from './types.js';
// Relations and brands come straight from MikroORM: the kit adds nothing to them.
export { ManyToOne, OneToMany, ManyToMany, OneToOne, Collection, Unique, OptionalProps, HiddenProps } from './mikro-orm.js';
export type { Rel, Ref, Hidden, Opt } from '@mikro-orm/core';
export { KeyedLinks, type KeyedLinksOptions, type LinkColumns, type LinkSide } from './keyed-links.js';
export { describeDatabaseError, isDatabaseOutage, redactedError, statementShape, type DatabaseErrorDescription } from './db-errors.js';
export { listQuery, pageOf, type ListQuery, type ListQueryOptions, type ListParams, type Pagination } from './list-query.js';
export { registerLookup, unregisterLookup, escapeLike, type LookupDefinition, type LookupContext } from './lookup-registry.js';
