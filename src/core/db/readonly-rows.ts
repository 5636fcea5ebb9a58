import type { EntityDictionary, EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { mikroOrm } from './mikro-orm.js';
import { splitJoinedRow, type JoinedRelation } from './joined-row.js';

const { ReferenceKind } = mikroOrm;

/**
 * Read-only rows: instances of the model built straight from the database rows, not tracked by the context's
 * unit of work. A list that is only sent back (`listQuery`, `filter(…, { readonly: true })`) spends most of its
 * time making each row a managed entity (MikroORM's entity factory, its change-tracking snapshot, the identity
 * map), about 6 µs a row; a read-only row costs a fraction of that and serializes the same (`toJSON`).
 * Relations are MikroORM references of the context (as after `em.find`), so `row.user.id` works.
 *
 * `save()`, `delete()` and `refresh()` refuse a read-only row with an error that says how to read it tracked:
 * saving an untracked copy would insert it again, or silently lose its changes.
 */
const READONLY = Symbol('kit.readonly');

/** True when `entity` was read with `readonly: true`. */
export function isReadonlyRow(entity: object): boolean {
  return (entity as Record<symbol, unknown>)[READONLY] === true;
}

/** Marks entities (from any read path) as read-only, so every read-only read behaves the same. */
export function markReadonly<E extends object>(entities: E[]): E[] {
  for (const entity of entities) if (!isReadonlyRow(entity)) (entity as Record<symbol, unknown>)[READONLY] = true;
  return entities;
}

/** The error `save()`, `delete()` and `refresh()` throw for a read-only row. */
export function readonlyRowError(entity: object, action: string): Error {
  const id = (entity as { id?: unknown }).id;
  return new Error(`Cannot ${action} ${entity.constructor.name} ${String(id)}: it was read with { readonly: true } (listQuery reads that way). Read it again without readonly to change it.`);
}

/**
 * The prototype of a model's read-only rows: the model's own (methods, `instanceof`), with a plain writable slot
 * in front of every property. MikroORM's prototype has a setter per property that gives the instance its
 * change-tracking state on first assignment; the slots shadow those, so a read-only row is a plain object.
 */
function readonlyPrototype(meta: EntityMetadata): object {
  const proto = Object.create(meta.prototype) as object;
  for (const prop of meta.props) Object.defineProperty(proto, prop.name, { value: undefined, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(proto, READONLY, { value: true });
  return proto;
}

/** `refs`: the EntityManager a relation's reference belongs to, asked for only when a row has one. */
type Mapper = (em: EntityManager, row: Record<string, unknown>, refs: () => EntityManager) => object;
const mappers = new WeakMap<EntityMetadata, Mapper>();

/**
 * The function turning a row of the model's table into a read-only instance: MikroORM's own `mapResult`
 * (column names to properties, dates parsed, custom types) and then the properties copied onto an object of
 * the model's prototype, with each relation id as a reference of the context. Generated once per model.
 */
export function readonlyMapper(meta: EntityMetadata): Mapper {
  let mapper = mappers.get(meta);
  if (mapper) return mapper;
  const q = JSON.stringify;
  const lines: string[] = [];
  const targets: unknown[] = [];
  for (const prop of meta.props) {
    if (prop.kind === ReferenceKind.SCALAR && prop.persist !== false) {
      lines.push(`e[${q(prop.name)}] = d[${q(prop.name)}];`);
    } else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      targets.push(prop.targetMeta!.class);
      const t = `targets[${targets.length - 1}]`;
      lines.push(`{ const id = d[${q(prop.name)}]; e[${q(prop.name)}] = id == null ? null : refs().getReference(${t}, id); }`);
    }
  }
  const body = `return function readonlyRow(em, row, refs) {
    const d = em.getDriver().mapResult(row, meta);
    const e = Object.create(proto);
    ${lines.join('\n    ')}
    return e;
  };`;
  mapper = new Function('meta', 'proto', 'targets', body)(meta, readonlyPrototype(meta), targets) as Mapper;
  mappers.set(meta, mapper);
  return mapper;
}

/**
 * Rows of a compiled read as read-only instances; a joined relation's columns become a read-only instance of the
 * related model (one per related key in the read, as a context would hold one entity), null when there is none.
 */
export function readonlyRows<E>(em: EntityManager, meta: EntityMetadata, rows: Array<Record<string, unknown>>, refs: () => EntityManager = () => em, joins: JoinedRelation[] = []): E[] {
  const map = readonlyMapper(meta);
  if (!joins.length) return rows.map((row) => map(em, row as EntityDictionary<E>, refs) as E);
  const relatedMaps = joins.map((join) => readonlyMapper(join.target));
  const made = joins.map(() => new Map<unknown, object>());
  return rows.map((row) => {
    const { own, related } = splitJoinedRow(row, joins);
    // The relation's id is left out: the joined row stands in for the reference the mapper would make.
    for (const join of joins) own[join.column] = undefined;
    const entity = map(em, own, refs) as Record<string, unknown>;
    joins.forEach((join, i) => {
      const key = related[i]![join.keyColumn];
      let value = key == null ? null : made[i]!.get(key);
      if (value === undefined) made[i]!.set(key, (value = relatedMaps[i]!(em, related[i]!, refs)));
      entity[join.property] = value;
    });
    return entity as E;
  });
}
