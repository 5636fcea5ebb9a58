import type { EntityProperty } from '@mikro-orm/core';
import { fieldRecords, type FieldRecord } from './field.js';
import { findModel } from './model.js';
import { snakeCase } from './naming.js';
import { mikroOrm } from './mikro-orm.js';

const { MetadataStorage, ReferenceKind } = mikroOrm;

/** Any model class (abstract or concrete). */
export type AnyModelClass = abstract new (...args: never[]) => object;

/** A ManyToOne (or owning OneToOne): on the wire as `<relation>_id`. */
export interface RelationPlan {
  prop: string;
  /** `author_id` */
  wire: string;
  nullable: boolean;
  target: () => AnyModelClass;
}

/** A collection (ManyToMany or OneToMany): not on the wire; fixtures fill ManyToMany ones by natural key. */
export interface CollectionPlan {
  prop: string;
  wire: string;
  kind: 'm:n' | '1:m';
  target: () => AnyModelClass;
}

/** Everything the model layer precomputes about a model class, once. */
export interface ModelPlan {
  name: string;
  /** Own and inherited `@Field`s, parents first (BaseTable's system fields are not among them). */
  fields: FieldRecord[];
  relations: RelationPlan[];
  collections: CollectionPlan[];
  /** Wire name or property name → field, relation or collection. */
  byKey: Map<string, FieldRecord | RelationPlan | CollectionPlan>;
  /** Names offered in "did you mean" messages: id, timestamps, then wire names. */
  knownNames: string[];
}

const SYSTEM_FIELDS = ['id', 'created_at', 'updated_at'];
const plans = new WeakMap<object, ModelPlan>();

/** Classes from `ctor` up to (not including) Object, parents first. */
function lineage(ctor: object): object[] {
  const chain: object[] = [];
  for (let c: object | null = ctor; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) chain.unshift(c);
  return chain;
}

function decoratorProperties(ctor: object): EntityProperty[] {
  if (typeof ctor !== 'function' || !Object.hasOwn(ctor, MetadataStorage.PATH_SYMBOL)) return [];
  const meta = MetadataStorage.getMetadataFromDecorator(ctor as new () => object);
  return Object.values(meta.properties ?? {}) as EntityProperty[];
}

/**
 * A relation's target as a thunk. The decorator got a thunk (`() => User`) or, to break an import cycle between two
 * models, the entity's name (`'ChatRoom'`): a name is found among the registered models when first needed.
 */
function relationTarget(entity: unknown): () => AnyModelClass {
  if (typeof entity === 'function') return entity as () => AnyModelClass;
  const name = String(entity);
  return () => {
    const found = findModel(name);
    if (!found) throw new Error(`Relation to unknown model '${name}': no registered model has that name.`);
    return found;
  };
}

/** Returns the (cached) plan of a model class. Relation targets stay thunks: ESM cycles are safe. */
export function planOf(ctor: AnyModelClass): ModelPlan {
  const cached = plans.get(ctor);
  if (cached) return cached;
  const fields: FieldRecord[] = [];
  const relations: RelationPlan[] = [];
  const collections: CollectionPlan[] = [];
  for (const cls of lineage(ctor)) {
    fields.push(...fieldRecords(cls));
    for (const prop of decoratorProperties(cls)) {
      const target = relationTarget(prop.entity as unknown);
      if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && !prop.mappedBy)) {
        relations.push({ prop: prop.name, wire: `${snakeCase(prop.name)}_id`, nullable: Boolean(prop.nullable), target });
      } else if (prop.kind === ReferenceKind.MANY_TO_MANY || prop.kind === ReferenceKind.ONE_TO_MANY) {
        collections.push({ prop: prop.name, wire: snakeCase(prop.name), kind: prop.kind as 'm:n' | '1:m', target });
      }
    }
  }
  const byKey = new Map<string, FieldRecord | RelationPlan | CollectionPlan>();
  for (const item of [...fields, ...relations, ...collections]) {
    byKey.set(item.wire, item);
    byKey.set(item.prop, item);
  }
  const plan: ModelPlan = {
    name: (ctor as { name: string }).name,
    fields,
    relations,
    collections,
    byKey,
    knownNames: [...SYSTEM_FIELDS, ...fields.map((f) => f.wire), ...relations.map((r) => r.wire)],
  };
  plans.set(ctor, plan);
  return plan;
}

/** Type guards over the plan's entries. */
export const isRelation = (item: unknown): item is RelationPlan => typeof item === 'object' && item !== null && 'nullable' in item && 'target' in item && !('kind' in item);
export const isCollection = (item: unknown): item is CollectionPlan => typeof item === 'object' && item !== null && 'kind' in item && 'target' in item;
