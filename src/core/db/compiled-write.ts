import type { ChangeSet, EntityMetadata, EntityProperty, UnitOfWork } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { runPrepared, type PreparedStatement } from './prepared-statement.js';
import { hasWriteReceivers, queueCompiledWriteSignals, SignalSubscriber } from './signals.js';
import { isSingleWrite, SingleWriteGuard } from './single-write.js';
import { mikroOrm } from './mikro-orm.js';

const { ChangeSetType, EventType, ReferenceKind, helper } = mikroOrm;

/**
 * The compiled write path. A flush of one row spends most of its time in MikroORM around the statement: the unit
 * of work's commit, the change-set persister, the query builder, knex, and inlining the values into the SQL text.
 * When a flush is a single insert or update that needs nothing of that machinery (one change set, no before/after
 * signal receivers, no entity hooks or flush subscribers besides the kit's, a plain model, plain values), the
 * statement MikroORM would send is built once per model and column set, from MikroORM's metadata, and sent as a
 * prepared statement on MikroORM's own connection (the transaction's when inside one); then the unit of work is
 * told what its own flush would record: the new id, the entity managed and in the identity map, its snapshot for
 * the next diff. Anything else goes through `em.flush()` as before.
 *
 * It relies on internals of MikroORM 6.6 (the unit of work's flush state, the change-set persister's helpers),
 * typed below; the tests of core/db exercise each of them.
 */

/** What of MikroORM's UnitOfWork the path uses besides its public methods (private in its typings). */
interface UnitOfWorkInternals {
  working: boolean;
  flushQueue: Array<() => Promise<void>>;
  changeSetPersister: PersisterInternals;
  comparator: { prepareEntity(entity: object): Record<string, unknown> };
  postCommitCleanup(): void;
  takeCollectionSnapshots(entity: object, visited: Set<object>): void;
  register(entity: object, data: Record<string, unknown>, options: { refresh: boolean }): void;
}

/** The helpers of MikroORM's ChangeSetPersister that its own insert and update use around the statement. */
interface PersisterInternals {
  processProperties(changeSet: ChangeSet<object>): void;
  mapPrimaryKey(meta: EntityMetadata, value: unknown, changeSet: ChangeSet<object>): void;
  mapReturnedValues(entity: object, payload: Record<string, unknown>, row: Record<string, unknown> | undefined, meta: EntityMetadata): void;
  markAsPopulated(changeSet: ChangeSet<object>, meta: EntityMetadata): void;
}

/** MikroORM's per-entity state that its flush changes. */
interface WrappedInternals {
  __initialized: boolean;
  __managed: boolean;
  __processing: boolean;
  __touched: boolean;
  __originalEntityData?: Record<string, unknown>;
  hasPrimaryKey(): boolean;
}

export interface DriverInternals {
  getTableName(meta: EntityMetadata, options: { schema?: string }): string;
  getPlatform(): { formatDate(date: Date): string; quoteIdentifier(id: string): string };
}


/** A statement and how to read its parameters from a change set's payload. */
interface CompiledStatement {
  statement: PreparedStatement;
  /** The properties whose values are the parameters, in order (an update's primary key last). */
  props: EntityProperty[];
}

/** At most this many statements: past it (a model written with ever new column sets) writes go to MikroORM. */
const MAX_STATEMENTS = 1000;
const statements = new Map<string, CompiledStatement>();
const plainModels = new WeakMap<EntityMetadata, boolean>();
let compiledOff = process.env.KIT_COMPILED_WRITES === 'off';

/** Turns the compiled write path off or on (benchmarks and tests compare the two; nothing else needs it). */
export function setCompiledWrites(enabled: boolean): void {
  compiledOff = !enabled;
}

/** True when rows of the model are one table with one plain primary key, no version, no embeddables, no inheritance. */
export function isPlainModel(meta: EntityMetadata): boolean {
  const known = plainModels.get(meta);
  if (known !== undefined) return known;
  const pk = meta.primaryKeys.length === 1 ? meta.properties[meta.primaryKeys[0] as never] as EntityProperty | undefined : undefined;
  let ok = !!pk && !pk.customType && pk.fieldNames?.length === 1 && !meta.embeddable && !meta.virtual && !meta.readonly
    && !meta.discriminatorColumn && meta.root === meta && !meta.versionProperty && meta.concurrencyCheckKeys.size === 0;
  for (const prop of meta.props) {
    if (!ok) break;
    if (prop.kind === ReferenceKind.EMBEDDED || prop.generated || prop.version || prop.stiFieldNames) ok = false;
  }
  plainModels.set(meta, ok);
  return ok;
}

/** The column a payload key writes, when it is one column of a scalar or of an owning to-one relation. */
export function columnProp(meta: EntityMetadata, key: string): EntityProperty | undefined {
  const prop = meta.properties[key as never] as EntityProperty | undefined;
  if (!prop || prop.persist === false || prop.fieldNames?.length !== 1 || prop.hasConvertToDatabaseValueSQL) return undefined;
  const owns = prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner);
  return owns ? prop : undefined;
}

/** Integer column types and their ranges. */
const INTEGER_RANGES: Record<string, [number, number]> = {
  smallint: [-32768, 32767], int2: [-32768, 32767], smallserial: [-32768, 32767],
  int: [-2147483648, 2147483647], integer: [-2147483648, 2147483647], int4: [-2147483648, 2147483647], serial: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], int8: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], bigserial: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/**
 * A value that means the same as a parameter as it does inlined into the SQL (MikroORM inlines): null, a string,
 * a boolean, a Date, a finite number; but a number for an integer column only when it is a whole number within
 * the column's range (inlined, 1.5 is rounded and 2^31 fails with another message; as a parameter, both fail).
 */
export function isPlainValue(prop: EntityProperty, v: unknown): boolean {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return true;
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  const range = INTEGER_RANGES[(prop.columnTypes?.[0] ?? '').toLowerCase()];
  return !range || (Number.isInteger(v) && v >= range[0] && v <= range[1]);
}

/** The value MikroORM's insert sends for a property: a nullable null stays null, else a missing value takes the property's default. */
function insertValue(prop: EntityProperty, value: unknown): unknown {
  if (prop.nullable && value === null) return null;
  return value ?? prop.default;
}

/** `"a", "b"` of column names. */
export const quoted = (driver: DriverInternals, fields: string[]) => fields.map((f) => driver.getPlatform().quoteIdentifier(f)).join(', ');

/** What MikroORM's `nativeInsertMany` sends for this payload: the columns set, returning what the database makes. */
function compileInsert(driver: DriverInternals, meta: EntityMetadata, table: string, payload: Record<string, unknown>): CompiledStatement | undefined {
  const keys = Object.keys(payload);
  if (keys.length === 0) return undefined;
  const props: EntityProperty[] = [];
  const placeholders: string[] = [];
  const shape: string[] = ['insert', meta.className, table];
  for (const key of keys) {
    const prop = columnProp(meta, key);
    const value = prop && insertValue(prop, payload[key]);
    if (!prop || !isPlainValue(prop, value)) return undefined;
    props.push(prop);
    // A custom type may wrap its parameter in SQL (JSON columns: a cast); MikroORM does it for non-null values only.
    const custom = prop.customType as { convertToDatabaseValueSQL?: (key: string, platform: unknown) => string } | undefined;
    const sqlOf = value != null && custom && 'convertToDatabaseValueSQL' in custom;
    placeholders.push(sqlOf ? custom.convertToDatabaseValueSQL!(`$${props.length}`, driver.getPlatform()) : `$${props.length}`);
    shape.push(sqlOf ? `${key}*` : key);
  }
  const key = shape.join('|');
  const known = statements.get(key);
  if (known) return known;
  if (statements.size >= MAX_STATEMENTS) return undefined;
  // As MikroORM: returning the columns the database fills (serial, defaultRaw, generated) that the payload leaves out.
  const returning = meta.props
    .filter((prop) => (prop.persist !== false && prop.defaultRaw) || prop.autoincrement || prop.generated)
    .filter((prop) => !(prop.name in payload))
    .flatMap((prop) => prop.fieldNames);
  let text = `insert into ${table} (${quoted(driver, props.map((p) => p.fieldNames[0]!))}) values (${placeholders.join(', ')})`;
  if (returning.length > 0) text += ` returning ${quoted(driver, returning)}`;
  const compiled = { statement: { name: `kit_write_${statements.size + 1}`, text }, props };
  statements.set(key, compiled);
  return compiled;
}

/** What MikroORM's `nativeUpdate` sends for this payload: `update … set … where pk = $n`. */
function compileUpdate(driver: DriverInternals, meta: EntityMetadata, table: string, payload: Record<string, unknown>): CompiledStatement | undefined {
  const keys = Object.keys(payload);
  if (keys.length === 0) return undefined;
  const props: EntityProperty[] = [];
  const shape: string[] = ['update', meta.className, table];
  for (const key of keys) {
    // A new primary key moves the row in the identity map: MikroORM's flush does that.
    if (meta.primaryKeys.includes(key as never)) return undefined;
    const prop = columnProp(meta, key);
    // knex leaves undefined values out of an update: not compiled.
    if (!prop || payload[key] === undefined || !isPlainValue(prop, payload[key])) return undefined;
    props.push(prop);
    shape.push(key);
  }
  const key = shape.join('|');
  const known = statements.get(key);
  if (known) return known;
  if (statements.size >= MAX_STATEMENTS) return undefined;
  const pk = meta.properties[meta.primaryKeys[0] as never] as EntityProperty;
  const sets = props.map((p, i) => `${quoted(driver, [p.fieldNames[0]!])} = $${i + 1}`).join(', ');
  const text = `update ${table} set ${sets} where ${quoted(driver, [pk.fieldNames[0]!])} = $${props.length + 1}`;
  const compiled = { statement: { name: `kit_write_${statements.size + 1}`, text }, props: [...props, pk] };
  statements.set(key, compiled);
  return compiled;
}

/** MikroORM inlines values with its platform's quoting: dates in its time zone (UTC), the rest as they are. */
export function parameter(driver: DriverInternals, value: unknown): unknown {
  if (value === undefined) return null;
  return value instanceof Date ? driver.getPlatform().formatDate(value) : value;
}

/**
 * True when no subscriber or entity hook would see this write: the kit's own subscribers (signals: handled by
 * `queueCompiledWriteSignals`; the single-write guard), and subscribers with only an `afterFlush` (MikroORM's
 * transaction fork registers one, for deletes), which the path calls itself.
 */
export function noOtherListeners(em: EntityManager, meta: EntityMetadata, type: string): boolean {
  const events = em.getEventManager();
  const [before, after] = type === ChangeSetType.CREATE ? [EventType.beforeCreate, EventType.afterCreate] : [EventType.beforeUpdate, EventType.afterUpdate];
  if (events.hasListeners(before, meta) || events.hasListeners(after, meta)) return false;
  for (const subscriber of events.getSubscribers()) {
    if (subscriber instanceof SignalSubscriber || subscriber instanceof SingleWriteGuard) continue;
    const s = subscriber as Record<string, unknown>;
    if (s.beforeFlush || s.onFlush) return false;
  }
  return true;
}

const tableNames = new WeakMap<EntityMetadata, Map<string | undefined, string>>();
/** The model's quoted table name in `schema`, as the driver writes it (made once: it quotes each time). */
export function tableName(driver: DriverInternals, meta: EntityMetadata, schema: string | undefined): string {
  let bySchema = tableNames.get(meta);
  if (!bySchema) tableNames.set(meta, (bySchema = new Map()));
  let name = bySchema.get(schema);
  if (name === undefined) bySchema.set(schema, (name = driver.getTableName(meta, { schema })));
  return name;
}

/** Cheap signs that the context's next flush may be one row, before computing its change sets. */
function mayBeSingleRow(em: EntityManager, uow: UnitOfWork): boolean {
  if (uow.getRemoveStack().size > 0 || uow.getOrphanRemoveStack().size > 0 || uow.getPersistStack().size !== 1) return false;
  const [entity] = uow.getPersistStack();
  const meta = em.getMetadata().find((entity as object).constructor.name);
  return !!meta && isPlainModel(meta);
}

/**
 * Writes the context's pending change as one compiled statement when it is a single plain insert or update, and
 * records it in the unit of work as MikroORM's flush would. Returns false, having written nothing, for anything
 * else (the caller flushes with MikroORM). `computed`: the change sets were just computed (`isSingleWrite`).
 * @throws the MikroORM exception of a failed statement (UniqueConstraintViolationException, …), as `em.flush()`.
 */
export async function compiledFlush(em: EntityManager, computed = false): Promise<boolean> {
  if (compiledOff) return false;
  const uow = em.getUnitOfWork();
  const internals = uow as unknown as UnitOfWorkInternals;
  if (internals.working) return false;
  if (!computed && (!mayBeSingleRow(em, uow) || !isSingleWrite(uow))) return false;
  const changeSets = uow.getChangeSets();
  if (changeSets.length !== 1 || uow.getCollectionUpdates().length > 0 || uow.getExtraUpdates().size > 0) return false;
  const changeSet = changeSets[0] as ChangeSet<object>;
  const { entity, meta, type } = changeSet;
  const wrapped = helper(entity) as unknown as WrappedInternals;
  if (type !== ChangeSetType.CREATE && (type !== ChangeSetType.UPDATE || !wrapped.__initialized)) return false;
  if (!isPlainModel(meta) || hasWriteReceivers(entity, type) || !noOtherListeners(em, meta, type)) return false;
  const driver = em.getDriver() as unknown as DriverInternals;
  const table = tableName(driver, meta, changeSet.schema);
  const payload = changeSet.payload as Record<string, unknown>;
  const compiled = type === ChangeSetType.CREATE ? compileInsert(driver, meta, table, payload) : compileUpdate(driver, meta, table, payload);
  if (!compiled) return false;

  // From here on this is the flush: as MikroORM's commit, a concurrent flush of the context waits for it.
  internals.working = true;
  wrapped.__processing = true;
  try {
    const persister = internals.changeSetPersister;
    persister.processProperties(changeSet);
    const values = type === ChangeSetType.CREATE
      ? compiled.props.map((prop) => parameter(driver, insertValue(prop, payload[prop.name])))
      : [...compiled.props.slice(0, -1).map((prop) => parameter(driver, payload[prop.name])), changeSet.getPrimaryKey()];
    const rows = await runPrepared(em, compiled.statement, values);
    if (type === ChangeSetType.CREATE) {
      // What ChangeSetPersister.persistNewEntity and UnitOfWork.commitCreateChangeSets do after the insert.
      const row = rows[0];
      if (!wrapped.hasPrimaryKey()) persister.mapPrimaryKey(meta, row?.id || row?.[meta.getPrimaryProps()[0]!.fieldNames[0]!], changeSet);
      persister.mapReturnedValues(entity, payload, row, meta);
      persister.markAsPopulated(changeSet, meta);
      wrapped.__initialized = true;
      wrapped.__managed = true;
      changeSet.persisted = true;
      internals.register(entity, payload, { refresh: true });
    } else {
      // What UnitOfWork.commitUpdateChangeSets does after the update (no returning: no generated columns, no version).
      changeSet.persisted = true;
      wrapped.__originalEntityData = internals.comparator.prepareEntity(entity);
      wrapped.__touched = false;
    }
    internals.takeCollectionSnapshots(entity, new Set());
    wrapped.__processing = false;
    queueCompiledWriteSignals(em, entity);
    const events = em.getEventManager();
    for (const subscriber of events.getSubscribers()) {
      if (!(subscriber as Record<string, unknown>).afterFlush) continue;
      await events.dispatchEvent(EventType.afterFlush, { em, uow });
      break;
    }
    while (internals.flushQueue.length > 0) await internals.flushQueue.shift()!();
  } finally {
    wrapped.__processing = false;
    internals.postCommitCleanup();
    internals.working = false;
  }
  return true;
}

