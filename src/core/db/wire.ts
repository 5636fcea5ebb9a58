import { z } from 'zod';
import { UnknownField } from '../errors/index.js';
import type { FieldRecord } from './field.js';
import { isCollection, isRelation, planOf, type AnyModelClass, type ModelPlan } from './plan.js';
import { withoutDefault } from './zod-introspect.js';
import { mikroOrm } from './mikro-orm.js';

const { Reference, rel } = mikroOrm;

/** The id schema of a relation on the wire (`author_id`): ids are PostgreSQL `integer`s, so at most 2147483647. */
const idSchema = () => z.number().int().positive().max(2147483647);
const classic = (schema: z.core.$ZodType) => schema as unknown as z.ZodType;

interface Derived {
  create?: z.ZodObject;
  update?: z.ZodObject;
  read?: z.ZodObject;
  toJSON?: (entity: object) => Record<string, unknown>;
}
const derived = new WeakMap<object, Derived>();
const derivedOf = (ctor: object): Derived => {
  let d = derived.get(ctor);
  if (!d) derived.set(ctor, (d = {}));
  return d;
};

/** Create: every field (hidden ones too); nullable fields without a default become optional. */
export function createSchemaOf(ctor: AnyModelClass): z.ZodObject {
  const d = derivedOf(ctor);
  if (d.create) return d.create;
  const plan = planOf(ctor);
  const shape: Record<string, z.ZodType> = {};
  for (const f of plan.fields) {
    if (f.version) continue;
    const schema = classic(f.schema);
    shape[f.wire] = f.info.nullable && !f.info.hasDefault && !f.info.optional ? schema.optional() : schema;
  }
  for (const r of plan.relations) shape[r.wire] = r.nullable ? idSchema().nullable().optional() : idSchema();
  return (d.create = z.object(shape).openapi(`${plan.name}Create`));
}

/** Update: every field optional and without its default (a PATCH must not reset what it does not send). */
export function updateSchemaOf(ctor: AnyModelClass): z.ZodObject {
  const d = derivedOf(ctor);
  if (d.update) return d.update;
  const plan = planOf(ctor);
  const shape: Record<string, z.ZodType> = {};
  for (const f of plan.fields) if (!f.version) shape[f.wire] = classic(withoutDefault(f.schema)).optional();
  for (const r of plan.relations) shape[r.wire] = (r.nullable ? idSchema().nullable() : idSchema()).optional();
  return (d.update = z.object(shape).openapi(`${plan.name}Update`));
}

/** Read: the response shape; hidden fields are absent, dates are ISO-8601 strings in UTC. */
export function readSchemaOf(ctor: AnyModelClass): z.ZodObject {
  const d = derivedOf(ctor);
  if (d.read) return d.read;
  const plan = planOf(ctor);
  const shape: Record<string, z.ZodType> = {
    id: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime().nullable(),
  };
  for (const f of plan.fields) {
    if (f.hidden) continue;
    const base = f.info.kind === 'datetime' ? z.iso.datetime() : classic(withoutDefault(f.schema));
    shape[f.wire] = f.info.kind === 'datetime' && (f.info.nullable || f.info.optional) ? base.nullable() : base;
  }
  for (const r of plan.relations) shape[r.wire] = r.nullable ? z.number().int().nullable() : z.number().int();
  // Named: OpenAPI shows it once, as a component every route refers to (`$ref: #/components/schemas/Hero`).
  return (d.read = z.object(shape).openapi(plan.name));
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value ?? null);
const pk = (value: unknown) => {
  if (value === null || value === undefined) return null;
  const entity = Reference.unwrapReference(value as object) as { id?: unknown };
  return entity.id ?? null;
};

/**
 * The entity's JSON (wire) object. Built by a function generated once per model from its plan: as fast as a
 * hand-written mapper, where MikroORM's own serializer costs 5–6× (notes/typed-schemas.md).
 */
export function toJSONOf(ctor: AnyModelClass): (entity: object) => Record<string, unknown> {
  const d = derivedOf(ctor);
  if (d.toJSON) return d.toJSON;
  const plan = planOf(ctor);
  const q = JSON.stringify;
  const lines = ['"id": e.id', '"created_at": iso(e.createdAt)', '"updated_at": iso(e.updatedAt)'];
  for (const f of plan.fields) {
    if (f.hidden) continue;
    lines.push(f.info.kind === 'datetime' ? `${q(f.wire)}: iso(e[${q(f.prop)}])` : `${q(f.wire)}: e[${q(f.prop)}] ?? null`);
  }
  for (const r of plan.relations) lines.push(`${q(r.wire)}: pk(e[${q(r.prop)}])`);
  const factory = new Function('iso', 'pk', `return function toJSON(e) { return { ${lines.join(', ')} }; }`);
  return (d.toJSON = factory(iso, pk) as (entity: object) => Record<string, unknown>);
}

/** A reference to `target` row `id` without a query (MikroORM's `rel`). */
const reference = (target: AnyModelClass, id: unknown) => rel(target as unknown as new () => object, id as number);

function assignField(entity: Record<string, unknown>, field: FieldRecord, value: unknown): void {
  if (field.info.kind === 'datetime' && value !== null && value !== undefined && !(value instanceof Date)) {
    entity[field.prop] = new Date(value as string);
  } else {
    entity[field.prop] = value;
  }
}

/**
 * Copies `data` onto `entity`. Keys may be wire names (`author_id`, `created_at`) or property names (`author`);
 * relation ids become references, entities are kept; lists fill ManyToMany collections. Unknown keys throw.
 */
export function applyData(ctor: AnyModelClass, entity: object, data: object): void {
  const plan: ModelPlan = planOf(ctor);
  const target = entity as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const item = plan.byKey.get(key);
    if (!item) {
      if (key === 'id' || key === 'created_at' || key === 'updated_at' || key === 'createdAt' || key === 'updatedAt') {
        target[key === 'created_at' ? 'createdAt' : key === 'updated_at' ? 'updatedAt' : key] = key === 'id' ? value : new Date(value as string);
        continue;
      }
      throw new UnknownField(`${plan.name} has no field '${key}'. Known fields: ${plan.knownNames.join(', ')}.`);
    }
    if (isRelation(item)) {
      target[item.prop] = value === null ? null : typeof value === 'object' ? value : reference(item.target(), value);
    } else if (isCollection(item)) {
      const collection = target[item.prop] as { set(items: object[]): void } | undefined;
      if (!collection) throw new UnknownField(`${plan.name}.${item.prop} is a collection without an initializer: declare it '= new Collection(this)'.`);
      collection.set((value as unknown[]).map((v) => (typeof v === 'object' ? (v as object) : reference(item.target(), v))));
    } else {
      assignField(target, item, value);
    }
  }
}

/** Sets the zod defaults of fields that `data` does not give (the database would otherwise fill them only on insert). */
export function applyDefaults(ctor: AnyModelClass, entity: object): void {
  const target = entity as Record<string, unknown>;
  for (const f of planOf(ctor).fields) {
    if (target[f.prop] !== undefined) continue;
    if (f.info.hasDefault) {
      const parsed = classic(f.schema).safeParse(undefined);
      if (parsed.success) target[f.prop] = parsed.data;
    } else if (f.info.nullable) {
      target[f.prop] = null;
    }
  }
  for (const r of planOf(ctor).relations) if (r.nullable && target[r.prop] === undefined) target[r.prop] = null;
}
