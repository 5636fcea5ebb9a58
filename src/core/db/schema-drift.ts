import type { EntityMetadata, MikroORM } from '@mikro-orm/core';
import type { DatabaseSchema as Schema, SchemaDifference, SqlSchemaGenerator } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/postgresql';
import { getOrm } from './context.js';
import { mikroOrmKnex } from './mikro-orm.js';

// Value imports come through the require facade: an ES `import` of @mikro-orm/knex makes Node scan the source of
// every module it re-exports (all of MikroORM), some 0.1 s of the server's start.
const { DatabaseSchema, SchemaComparator } = mikroOrmKnex;

/** Where a schema came from, as the differences name it. */
type Origin = 'in the migrations' | 'in the database';

/** `novel` → `model Novel`; a table no model has keeps its name. */
function modelNamer(metadata: EntityMetadata[]): (table: string) => string {
  const byTable = new Map(metadata.filter((meta) => meta.tableName).map((meta) => [meta.tableName, meta]));
  return (table) => {
    const meta = byTable.get(table);
    return meta ? `model ${meta.className}` : `table ${table}`;
  };
}

/** `secret_name (secretName)`: the column, and the property a user wrote when its name differs. */
function columnNamer(metadata: EntityMetadata[]): (table: string, column: string) => string {
  return (table, column) => {
    const meta = metadata.find((m) => m.tableName === table);
    const prop = meta && Object.values(meta.properties).find((p) => p.fieldNames?.includes(column));
    return prop && prop.name !== column ? `${column} (${prop.name})` : column;
  };
}

/**
 * The differences of `diff` (from a schema `origin` to the models) in words a user understands: tables and
 * columns the models have and `origin` lacks, the other way round, and what changed.
 */
export function describeSchemaDifference(diff: SchemaDifference, origin: Origin, metadata: EntityMetadata[]): string[] {
  const model = modelNamer(metadata);
  const column = columnNamer(metadata);
  const missing = origin === 'in the migrations' ? 'not in any migration' : 'missing in the database';
  const lines: string[] = [];
  for (const table of Object.values(diff.newTables)) lines.push(`${model(table.name)}: table ${table.name} ${missing}`);
  for (const table of Object.values(diff.removedTables)) lines.push(`table ${table.name} ${origin} has no model`);
  for (const change of Object.values(diff.changedTables)) {
    const table = change.toTable.name;
    const at = model(table);
    for (const name of Object.keys(change.addedColumns)) lines.push(`${at}: column ${column(table, name)} ${missing}`);
    for (const name of Object.keys(change.removedColumns)) lines.push(`${at}: column ${name} ${origin} is not in the model`);
    for (const [from, to] of Object.entries(change.renamedColumns)) lines.push(`${at}: column ${from} ${origin} is ${column(table, to.name)} in the model`);
    for (const [name, changed] of Object.entries(change.changedColumns)) {
      lines.push(`${at}: column ${column(table, name)} differs ${origin} (${[...changed.changedProperties].join(', ')})`);
    }
    const others: Array<[string, Record<string, unknown>]> = [
      ['index', change.addedIndexes], ['foreign key', change.addedForeignKeys], ['check', change.addedChecks],
    ];
    for (const [kind, added] of others) for (const name of Object.keys(added)) lines.push(`${at}: ${kind} ${name} ${missing}`);
    const removed: Array<[string, Record<string, unknown>]> = [
      ['index', change.removedIndexes], ['foreign key', change.removedForeignKeys], ['check', change.removedChecks],
    ];
    for (const [kind, gone] of removed) for (const name of Object.keys(gone)) lines.push(`${at}: ${kind} ${name} ${origin} is not in the model`);
    const changed: Array<[string, Record<string, unknown>]> = [
      ['index', { ...change.changedIndexes, ...change.renamedIndexes }], ['foreign key', change.changedForeignKeys], ['check', change.changedChecks],
    ];
    for (const [kind, diffs] of changed) for (const name of Object.keys(diffs)) lines.push(`${at}: ${kind} ${name} differs ${origin}`);
  }
  return lines;
}

/** The metadata of the models that are tables. */
export function modelMetadata(orm: MikroORM): EntityMetadata[] {
  return Object.values(orm.getMetadata().getAll()).filter((meta) => !meta.embeddable && !meta.virtual && !meta.abstract);
}

/** The schema the models describe (MikroORM's target schema, as `makemigrations` diffs it). */
export function modelSchema(orm: MikroORM): Schema {
  return (orm.schema as unknown as SqlSchemaGenerator).getTargetSchema();
}

/** The schema of the database as it is (a few catalogue queries), in the namespaces of `like`. */
export async function databaseSchema(orm: MikroORM, like: Schema): Promise<Schema> {
  const em = orm.em.fork() as EntityManager;
  const skipTables = orm.config.get('schemaGenerator').skipTables;
  return DatabaseSchema.create(em.getConnection(), em.getDriver().getPlatform(), orm.config, undefined, like.getNamespaces(), undefined, skipTables);
}

/** What it takes to go from `from` (found `origin`) to `to`, in words (MikroORM's schema comparator). */
export function compareSchemas(orm: MikroORM, from: Schema, to: Schema, origin: Origin): string[] {
  const platform = (orm.em as EntityManager).getDriver().getPlatform();
  return describeSchemaDifference(new SchemaComparator(platform).compare(from, to), origin, modelMetadata(orm));
}

/**
 * How the database differs from the models, in words (`model Novel: column writer missing in the database`):
 * a few catalogue queries, compared the way `makemigrations` compares (MikroORM's schema comparator). Empty
 * when they match.
 * @example const differences = await databaseDrift(); if (differences.length) console.warn(differences.join('\n'));
 */
export async function databaseDrift(orm: MikroORM = getOrm()): Promise<string[]> {
  const models = modelSchema(orm);
  return compareSchemas(orm, await databaseSchema(orm, models), models, 'in the database');
}
