import type { EntityDictionary, EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { runPrepared, type PreparedStatement } from './prepared-statement.js';
import type { AnyModelClass } from './plan.js';
import { readonlyRows } from './readonly-rows.js';
import { splitJoinedRow, type JoinedRelation } from './joined-row.js';
import { mikroOrm } from './mikro-orm.js';

const { ReferenceKind } = mikroOrm;

/**
 * The compiled read path. MikroORM spends most of a simple find building the query (QueryBuilder → knex →
 * SQL text) and processing its result; the round trip is what bare `pg` costs. For the common shapes, a
 * condition of columns compared with values and an order by columns, the SQL is built once per shape from
 * MikroORM's metadata and sent as a prepared statement on a connection of MikroORM's own pool (inside a
 * transaction: the transaction's connection); MikroORM's entity factory (as `em.find`, or `em.map`) turns each row into a managed entity of the current
 * context, so save(), delete(), signals and the identity map work as after `em.find`.
 *
 * An eager many-to-one (or owning one-to-one) is read as MikroORM's joined strategy reads it, with a `left join`
 * of the related table in the same statement; the factory makes the related entity from its columns, managed too.
 *
 * Not compiled (MikroORM runs them, as before): models with lazy or formula properties, eager collections, eager
 * relations to models that are not plain themselves, embeddables or inheritance; conditions through relations
 * (`author__username`), `$and`/`$not` (`not_contains`), a relation compared with an entity, `in` lists, dates;
 * ordering through a relation.
 */

/** A condition of the lookup parser (`toWhere`), an order (`toOrderBy`), a window: the input of a read. */
export interface ReadQuery {
  where: Record<string, unknown>;
  orderBy?: Record<string, unknown>;
  limit?: number;
  offset?: number;
}

type Statement = PreparedStatement;

const COMPARISONS: Record<string, string> = { $eq: '=', $ne: '<>', $gt: '>', $gte: '>=', $lt: '<', $lte: '<=', $like: 'like', $ilike: 'ilike' };
const statements = new Map<string, Statement>();
const FACTORY_OPTIONS = { merge: true, convertCustomTypes: true } as const;
let compiledOff = process.env.KIT_COMPILED_READS === 'off';

/** Turns the compiled read path off or on (benchmarks compare the two; nothing else needs it). */
export function setCompiledReads(enabled: boolean): void {
  compiledOff = !enabled;
}

/** How a model is read by the compiled path (MikroORM reads the models that have none). */
interface ReadPlan {
  joins: JoinedRelation[];
}

/** Per model: its plan, or null when it is not compiled (also while its plan is being made: a cycle of eager relations). */
const plans = new WeakMap<EntityMetadata, ReadPlan | null>();

/**
 * The model's read plan: every property is a plain column, a relation id that MikroORM would not load eagerly, or
 * an eager to-one relation to a model with no eager relation of its own, which becomes a join.
 */
function planOf(meta: EntityMetadata): ReadPlan | undefined {
  if (plans.has(meta)) return plans.get(meta) ?? undefined;
  plans.set(meta, null);
  let ok: boolean = !meta.embeddable && !meta.discriminatorColumn && !meta.virtual && meta.primaryKeys.length === 1 && !meta.filters?.length;
  const joins: JoinedRelation[] = [];
  for (const prop of meta.props) {
    if (!ok) break;
    const toOne = prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner);
    if (prop.persist === false && prop.kind === ReferenceKind.SCALAR) ok = false;
    else if (prop.lazy || prop.formula || prop.kind === ReferenceKind.EMBEDDED) ok = false;
    else if (prop.kind === ReferenceKind.SCALAR && prop.fieldNames?.length !== 1) ok = false;
    else if (toOne && prop.fieldNames?.length !== 1) ok = false;
    else if (prop.eager) {
      const target = prop.targetMeta;
      ok = toOne && !!target && !prop.name.includes('__') && planOf(target)?.joins.length === 0 && prop.referencedColumnNames?.length === 1 && target.getPrimaryProps()[0]!.fieldNames[0] === prop.referencedColumnNames[0];
      if (ok) {
        const columns = target!.props.filter((p) => p.fieldNames?.length === 1 && p.persist !== false && !(p.kind === ReferenceKind.ONE_TO_ONE && !p.owner)).map((p) => p.fieldNames[0]!);
        joins.push({ property: prop.name, target: target!, column: prop.fieldNames[0]!, keyColumn: prop.referencedColumnNames[0]!, columns });
      }
    }
  }
  // A column of the model's own named like a joined one would be taken for the relation's.
  if (ok && joins.length && meta.props.some((p) => p.fieldNames?.some((f) => f.includes('__')))) ok = false;
  const plan = ok ? { joins } : undefined;
  plans.set(meta, plan ?? null);
  return plan;
}

/** The column of a top-level condition key (a scalar or a relation's own id column), or undefined. */
function columnOf(meta: EntityMetadata, key: string): string | undefined {
  const prop = meta.properties[key as never] as EntityMetadata['props'][number] | undefined;
  if (!prop) return undefined;
  const ownsColumn = prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner);
  return ownsColumn ? prop.fieldNames[0] : undefined;
}

// Dates are left to MikroORM, which sends them in UTC (forceUtcTimezone); `pg` would send local time.
const isScalarValue = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * The shape key, SQL and parameters of a query, or undefined when the query is not one of the compiled shapes.
 * `count` selects `count(*)` instead of the rows.
 */
function compile(meta: EntityMetadata, joins: JoinedRelation[], query: ReadQuery, count: boolean): { statement: Statement; values: unknown[] } | undefined {
  const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
  // With a join the model's columns are qualified by its alias, `e0` (the joined tables are `e1`, `e2`, …).
  const joined = !count && joins.length > 0;
  const q = joined ? (column: string) => `"e0".${quote(column)}` : quote;
  const values: unknown[] = [];
  const shape: string[] = [meta.tableName, count ? 'count' : 'rows'];
  const clauses: string[] = [];
  for (const [key, condition] of Object.entries(query.where)) {
    const column = columnOf(meta, key);
    if (!column) return undefined;
    if (isScalarValue(condition)) {
      if (condition === null) {
        clauses.push(`${q(column)} is null`);
        shape.push(`${column} null`);
      } else {
        values.push(condition);
        clauses.push(`${q(column)} = $${values.length}`);
        shape.push(`${column} =`);
      }
      continue;
    }
    if (typeof condition !== 'object' || condition === null || Object.getPrototypeOf(condition) !== Object.prototype) return undefined;
    for (const [op, value] of Object.entries(condition)) {
      const sqlOp = COMPARISONS[op];
      if (!sqlOp || !isScalarValue(value)) return undefined;
      if (value === null) {
        if (op !== '$eq' && op !== '$ne') return undefined;
        clauses.push(`${q(column)} is ${op === '$ne' ? 'not ' : ''}null`);
        shape.push(`${column} ${op} null`);
        continue;
      }
      values.push(value);
      clauses.push(`${q(column)} ${sqlOp} $${values.length}`);
      shape.push(`${column} ${op}`);
    }
  }
  const order: string[] = [];
  if (!count) {
    for (const [key, direction] of Object.entries(query.orderBy ?? {})) {
      const column = columnOf(meta, key);
      if (!column || (direction !== 'asc' && direction !== 'desc')) return undefined;
      order.push(`${q(column)} ${direction}`);
    }
    shape.push(`order ${order.join(',')}`);
  }
  let text = count ? `select count(*)::int as "count" from ${quote(meta.tableName)}` : `select * from ${quote(meta.tableName)}`;
  if (joined) {
    const selected = joins.flatMap((join, i) => join.columns.map((column) => `"e${i + 1}".${quote(column)} as ${quote(`${join.property}__${column}`)}`));
    const from = joins.map((join, i) => ` left join ${quote(join.target.tableName)} as "e${i + 1}" on "e${i + 1}".${quote(join.keyColumn)} = "e0".${quote(join.column)}`);
    text = `select "e0".*, ${selected.join(', ')} from ${quote(meta.tableName)} as "e0"${from.join('')}`;
  }
  if (clauses.length) text += ` where ${clauses.join(' and ')}`;
  if (order.length) text += ` order by ${order.join(', ')}`;
  if (!count && query.limit !== undefined) {
    values.push(query.limit);
    text += ` limit $${values.length}`;
    shape.push('limit');
  }
  if (!count && query.offset) {
    values.push(query.offset);
    text += ` offset $${values.length}`;
    shape.push('offset');
  }
  const key = shape.join('|');
  let statement = statements.get(key);
  if (!statement) {
    statement = { name: `kit_read_${statements.size + 1}`, text };
    statements.set(key, statement);
  }
  return { statement, values };
}

/**
 * The rows of a read as managed entities of `em` (or, `readonly`, as untracked instances whose relations are
 * references of `refs()`: see readonly-rows),
 * or undefined when the shape is not compiled (use MikroORM).
 */
export async function compiledFind<E extends object>(em: EntityManager, ctor: AnyModelClass, query: ReadQuery, readonly = false, refs: () => EntityManager = () => em): Promise<E[] | undefined> {
  if (compiledOff) return undefined;
  const meta = em.getMetadata().find(ctor.name);
  if (!meta || meta.class !== ctor) return undefined;
  const plan = planOf(meta);
  if (!plan) return undefined;
  const compiled = compile(meta, plan.joins, query, false);
  if (!compiled) return undefined;
  const rows = await runPrepared(em, compiled.statement, compiled.values);
  if (readonly) return readonlyRows<E>(em, meta, rows, refs, plan.joins);
  // What em.find does with its rows: column names to properties, then the entity factory, which merges a row
  // into an entity already in the identity map without losing its unsaved changes (and, for a joined relation's
  // columns, makes or merges the related entity the same way).
  const driver = em.getDriver();
  const factory = em.getEntityFactory();
  const seen = plan.joins.map(() => new Set<unknown>());
  const entities = rows.map((row) => factory.create<E>(ctor.name, entityData(driver, meta, plan.joins, row, seen), FACTORY_OPTIONS));
  await em.getUnitOfWork().dispatchOnLoadEvent();
  return entities;
}

/**
 * A row's entity data, as em.find gives the factory: a joined relation's columns become the related entity's data.
 * `seen` holds, per join, the related keys already given in full by an earlier row of the same read: a later row
 * gives only the key, and the factory finds the entity it made (rows of one statement hold the same columns).
 */
function entityData(driver: ReturnType<EntityManager['getDriver']>, meta: EntityMetadata, joins: JoinedRelation[], row: Record<string, unknown>, seen: Set<unknown>[]): EntityDictionary<object> {
  if (!joins.length) return driver.mapResult(row, meta)!;
  const { own, related } = splitJoinedRow(row, joins);
  const data = driver.mapResult(own, meta)! as Record<string, unknown>;
  joins.forEach((join, i) => {
    const columns = related[i]!;
    const key = columns[join.keyColumn];
    if (key == null) data[join.property] = null;
    else if (!seen[i]!.has(key)) {
      seen[i]!.add(key);
      data[join.property] = driver.mapResult(columns, join.target);
    }
  });
  return data as EntityDictionary<object>;
}

/** The number of rows matching a condition, or undefined when the shape is not compiled. */
export async function compiledCount(em: EntityManager, ctor: AnyModelClass, where: Record<string, unknown>): Promise<number | undefined> {
  if (compiledOff) return undefined;
  const meta = em.getMetadata().find(ctor.name);
  if (!meta || meta.class !== ctor) return undefined;
  const plan = planOf(meta);
  if (!plan) return undefined;
  const compiled = compile(meta, plan.joins, { where }, true);
  if (!compiled) return undefined;
  const [row] = await runPrepared(em, compiled.statement, compiled.values);
  return Number(row!.count);
}
