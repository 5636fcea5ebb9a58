import type { EntityMetadata, EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { columnProp, isPlainModel, isPlainValue, noOtherListeners, parameter, quoted, tableName, type DriverInternals } from './compiled-write.js';
import { currentEm } from './context.js';
import { mikroOrm } from './mikro-orm.js';
import type { AnyModelClass } from './plan.js';
import { runPrepared, type PreparedStatement } from './prepared-statement.js';
import { entityFromRow } from './row-entity.js';
import { hasUpdateReceivers } from './signals.js';
import { applyData } from './wire.js';

const { ChangeSetType, ReferenceKind, helper } = mikroOrm;

/**
 * The one-statement update of `Model.updateOr404`: `UPDATE … SET … WHERE pk = $n RETURNING *`, where reading the
 * row, assigning and saving it sends a SELECT and then an UPDATE. The row that comes back becomes a managed entity
 * of the context, as a read would make it. `updated_at` moves only when a value changes, as with a save (the
 * statement compares the old values with the new ones); a row that already holds the values is rewritten as it
 * is, still one statement.
 *
 * Only when that is all a save would do: a plain model (see compiled-write), no signal receiver for its updates,
 * no MikroORM listener, plain values for plain columns, no `onUpdate` but `updatedAt`'s, and nothing else pending
 * in the context (a save writes that too) nor this row already loaded there (its loaded state would be
 * overwritten).
 */

/** At most this many statements (a model patched with ever new column sets goes the long way past it). */
const MAX_STATEMENTS = 1000;
const statements = new Map<string, PreparedStatement>();

/** JSON has no equality in PostgreSQL (`json`), or another one than the value's (`jsonb`): not compared here. */
const comparable = (prop: EntityProperty) => !/json/i.test(prop.columnTypes?.[0] ?? '') && prop.type !== 'json';

/** The value a property's column takes: a to-one relation's primary key, else the value itself. */
function columnValue(prop: EntityProperty, value: unknown): unknown {
  if (prop.kind === ReferenceKind.SCALAR || value === null || typeof value !== 'object') return value;
  const key = helper(value as object).getPrimaryKey();
  return Array.isArray(key) ? undefined : key;
}

/**
 * `update … set <column> = $i, …, "updated_at" = case when <column> is distinct from $j or … then $n else
 * "updated_at" end where pk = $m returning *`: `stamp`, the update time the kit adds (none when the caller gives one).
 */
function compile(driver: DriverInternals, meta: EntityMetadata, table: string, props: EntityProperty[], pk: EntityProperty, stamp: EntityProperty | undefined): PreparedStatement | undefined {
  const key = [meta.className, table, ...props.map((p) => p.name), stamp ? '+stamp' : ''].join('|');
  const known = statements.get(key);
  if (known || statements.size >= MAX_STATEMENTS) return known;
  const column = (p: EntityProperty) => quoted(driver, [p.fieldNames[0]!]);
  const sets = props.map((p, i) => `${column(p)} = $${i + 1}`);
  // The comparison takes the values again as parameters of its own: one parameter in both places gets two types
  // when the column is a varchar (the SET makes it varchar, `is distinct from` text), which PostgreSQL refuses.
  const all = stamp ? [...props, ...props, stamp] : props;
  if (stamp) {
    const changed = props.map((p, i) => `${column(p)} is distinct from $${props.length + i + 1}`).join(' or ');
    sets.push(`${column(stamp)} = case when ${changed} then $${all.length} else ${column(stamp)} end`);
  }
  const text = `update ${table} set ${sets.join(', ')} where ${column(pk)} = $${all.length + 1} returning *`;
  const statement = { name: `kit_update_${statements.size + 1}`, text };
  statements.set(key, statement);
  return statement;
}

/** True when a save in `em` now would write nothing but the row it is asked to update. */
function nothingElsePending(em: EntityManager, meta: EntityMetadata, id: unknown): boolean {
  const uow = em.getUnitOfWork();
  if (uow.getPersistStack().size > 0 || uow.getRemoveStack().size > 0 || uow.getById(meta.className, id as never)) return false;
  uow.computeChangeSets();
  return uow.getChangeSets().length === 0;
}

/** The statement and parameters of one update, ready to run. */
interface PreparedUpdate {
  statement: PreparedStatement;
  params: unknown[];
}

/** The update of the row of `ctor` whose primary key is `id` as one statement, or undefined when a save must do it. */
function prepareUpdate(em: EntityManager, ctor: AnyModelClass, id: unknown, values: object): PreparedUpdate | undefined {
  const meta = em.getMetadata().find(ctor.name) as EntityMetadata | undefined;
  if (!meta || !isPlainModel(meta) || hasUpdateReceivers(ctor) || !noOtherListeners(em, meta, ChangeSetType.UPDATE)) return undefined;
  if (meta.props.some((p) => p.onUpdate && p.name !== 'updatedAt')) return undefined;
  const pk = meta.properties[meta.primaryKeys[0] as never] as EntityProperty;
  if (id === null || id === undefined || !isPlainValue(pk, id)) return undefined;
  const converted: Record<string, unknown> = {};
  applyData(ctor, converted, values);
  // The update time moves only when a value changes, as a save's does; one the caller gives is simply set.
  const stamp = 'updatedAt' in converted ? undefined : (meta.properties['updatedAt' as never] as EntityProperty | undefined);
  const props: EntityProperty[] = [];
  const params: unknown[] = [];
  const driver = em.getDriver() as unknown as DriverInternals;
  for (const [name, value] of Object.entries(converted)) {
    const prop = columnProp(meta, name);
    if (!prop || meta.primaryKeys.includes(name as never) || !comparable(prop)) return undefined;
    const column = columnValue(prop, value);
    if (column === undefined || !isPlainValue(prop, column)) return undefined;
    props.push(prop);
    params.push(parameter(driver, column));
  }
  if (props.length === 0 || !nothingElsePending(em, meta, id)) return undefined;
  if (stamp) params.push(...params, parameter(driver, new Date()));
  const statement = compile(driver, meta, tableName(driver, meta, undefined), props, pk, stamp);
  return statement && { statement, params: [...params, id] };
}

/**
 * Updates the row of `ctor` whose primary key is `id` with `values` (wire or property names, as `assign`) in one
 * statement, and returns it as a managed entity of the context; undefined when this cannot be done in one
 * statement or when no such row exists: the caller then reads and saves (or answers 404).
 * Inside a transaction the statement runs in a savepoint, as a save does, so a failure leaves the transaction usable.
 * @throws the MikroORM exception of a failed statement (UniqueConstraintViolationException, …), as `save()`.
 */
export async function updateReturning<E extends object>(ctor: AnyModelClass, id: unknown, values: object): Promise<E | undefined> {
  const em = currentEm();
  const update = prepareUpdate(em, ctor, id, values);
  if (!update) return undefined;
  const run = async (on: EntityManager) => {
    const rows = await runPrepared(on, update.statement, update.params);
    return rows[0] ? entityFromRow(on, ctor as abstract new () => E, rows[0]) : undefined;
  };
  return em.isInTransaction() ? em.transactional((tem) => run(tem as EntityManager)) : run(em);
}
