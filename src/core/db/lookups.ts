import { InvalidLookup } from '../errors/index.js';
import { isCollection, isRelation, planOf, type AnyModelClass, type ModelPlan } from './plan.js';
import type { FieldRecord } from './field.js';
import type { ColumnKind } from './zod-introspect.js';
import { escapeLike, lookupAppliesTo, registeredLookup, reserveLookups, type LookupDefinition } from './lookup-registry.js';
import { mikroOrm } from './mikro-orm.js';

const { Utils } = mikroOrm;

/** Lookup operators and the MikroORM operator each becomes. Like-operators also wrap the value in %. */
const OPERATORS = {
  equals: '$eq',
  not_equals: '$ne',
  in: '$in',
  not_in: '$nin',
  gt: '$gt',
  gte: '$gte',
  lt: '$lt',
  lte: '$lte',
  contains: '$like',
  icontains: '$ilike',
  not_contains: '$like',
  not_icontains: '$ilike',
  startswith: '$like',
  istartswith: '$ilike',
  endswith: '$like',
  iendswith: '$ilike',
  isnull: '$eq',
} as const;
type Operator = keyof typeof OPERATORS;
const isOperator = (name: string): name is Operator => Object.hasOwn(OPERATORS, name);

/** LIKE operators: PostgreSQL has them for text only (on an int, a date or a jsonb column they are a SQL error). */
const isTextOperator = (op: Operator) => OPERATORS[op] === '$like' || OPERATORS[op] === '$ilike';
const TEXT_KINDS: ReadonlySet<ColumnKind> = new Set(['string', 'text', 'enum']);
reserveLookups(Object.keys(OPERATORS));

/** The built-in lookup operators, in the order the docs list them. */
export const BUILTIN_LOOKUPS: readonly string[] = Object.keys(OPERATORS);
/** The built-in operators that apply to text columns only. */
export const TEXT_LOOKUPS: readonly string[] = Object.keys(OPERATORS).filter((op) => isTextOperator(op as Operator));

/** Rejects an operator the column type has no SQL for, so it is a clear 400 rather than a SQL error. */
function checkOperator(model: string, field: string, operator: Operator, kind: ColumnKind | 'relation'): void {
  if (isTextOperator(operator) && (kind === 'relation' || !TEXT_KINDS.has(kind))) {
    throw new InvalidLookup(`Invalid lookup on ${model}.${field}: '${operator}' applies to text fields, not to ${kind === 'relation' ? 'a relation' : `a ${kind} field`}.`);
  }
  // A list or an object given to a JSON column would become an IN list or a JSON-path query: only isnull is safe.
  if (kind === 'json' && operator !== 'isnull') throw new InvalidLookup(`Invalid lookup on ${model}.${field}: a JSON field can only be filtered with 'isnull'.`);
}

const SYSTEM: Record<string, { prop: string; kind: ColumnKind }> = {
  id: { prop: 'id', kind: 'integer' },
  created_at: { prop: 'createdAt', kind: 'datetime' },
  createdAt: { prop: 'createdAt', kind: 'datetime' },
  updated_at: { prop: 'updatedAt', kind: 'datetime' },
  updatedAt: { prop: 'updatedAt', kind: 'datetime' },
};

type Where = Record<string, unknown>;

function unknownField(plan: ModelPlan, name: string): InvalidLookup {
  return new InvalidLookup(`Model ${plan.name} does not have any field named '${name}'. Retry with one of: ${plan.knownNames.join(', ')}.`);
}


/** Checks and converts one value for a scalar column, so a wrong type is a clear 400 rather than a SQL error. */
function scalarValue(model: string, field: string, kind: ColumnKind, value: unknown, enumValues?: readonly (string | number)[]): unknown {
  if (value === null) return null;
  const fail = (expected: string) =>
    new InvalidLookup(`Invalid value for ${model}.${field}: expected ${expected}, got ${JSON.stringify(value) ?? typeof value}.`);
  switch (kind) {
    case 'integer':
    case 'double': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || (kind === 'integer' && !Number.isInteger(n))) throw fail(kind === 'integer' ? 'an integer' : 'a number');
      if (kind === 'integer' && Math.abs(n) > 2147483647) throw fail('an integer within 32 bits');
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw fail('a boolean');
    case 'datetime': {
      const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime())) throw fail('a date-time');
      return date;
    }
    case 'enum':
      if ((typeof value !== 'string' && typeof value !== 'number') || (enumValues && !enumValues.includes(value))) {
        throw fail('one of ' + (enumValues ?? []).join(', '));
      }
      return value;
    case 'uuid':
      if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/i.test(value)) throw fail('a UUID');
      return value;
    case 'json':
      return value;
    default:
      if (typeof value !== 'string' && typeof value !== 'number') throw fail('a string');
      return String(value);
  }
}

/** True for an entity or a `Reference` (not a type guard: a failed check must not narrow `value` to never). */
const isEntityOrReference = (value: unknown): boolean => Utils.isEntity(value, true);

/** A relation compared to a value: an entity, an id, or null. */
function relationValue(model: string, field: string, value: unknown): unknown {
  // Only an entity or a reference: a plain object would reach MikroORM as a query (`{ $ne: null }`), unchecked.
  if (value === null || isEntityOrReference(value)) return value;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n)) return n;
  throw new InvalidLookup(`Invalid value for ${model}.${field}: expected an id, an entity or null, got ${JSON.stringify(value)}.`);
}

/** Builds the MikroORM condition for `operator` on an already converted value. */
function condition(model: string, key: string, operator: Operator, value: unknown, convert: (v: unknown) => unknown): unknown {
  switch (operator) {
    case 'in':
    case 'not_in': {
      if (!Array.isArray(value)) throw new InvalidLookup(`Invalid value for ${model}.${key}: '${operator}' expects a list.`);
      return { [OPERATORS[operator]]: value.map(convert) };
    }
    case 'isnull':
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') throw new InvalidLookup(`Invalid value for ${model}.${key}: 'isnull' expects true or false.`);
      return value === true || value === 'true' ? { $eq: null } : { $ne: null };
    case 'contains':
    case 'icontains':
    case 'not_contains':
    case 'not_icontains':
    case 'startswith':
    case 'istartswith':
    case 'endswith':
    case 'iendswith': {
      if (typeof value !== 'string' && typeof value !== 'number') throw new InvalidLookup(`Invalid value for ${model}.${key}: '${operator}' expects text.`);
      const text = escapeLike(String(value));
      const pattern = operator.includes('startswith') ? `${text}%` : operator.includes('endswith') ? `%${text}` : `%${text}%`;
      // not_contains/not_icontains: the LIKE itself; toWhere negates it (MikroORM has `$not` only around conditions).
      return { [OPERATORS[operator]]: pattern };
    }
    default: {
      const converted = convert(value);
      return operator === 'equals' ? converted : { [OPERATORS[operator]]: converted };
    }
  }
}

/** The condition of a registered lookup: its kinds checked, its value converted as it declares. */
function customCondition(model: string, field: string, kind: ColumnKind, lookup: LookupDefinition, value: unknown, enumValues?: readonly (string | number)[]): unknown {
  if (!lookupAppliesTo(lookup, kind)) throw new InvalidLookup(`Invalid lookup on ${model}.${field}: it does not apply to ${kind === 'integer' ? 'an' : 'a'} ${kind} field.`);
  let converted: unknown;
  switch (lookup.value ?? 'scalar') {
    case 'list':
      if (!Array.isArray(value)) throw new InvalidLookup(`Invalid value for ${model}.${field}: expects a list.`);
      converted = value.map((v) => scalarValue(model, field, kind, v, enumValues));
      break;
    case 'boolean':
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') throw new InvalidLookup(`Invalid value for ${model}.${field}: expects true or false.`);
      converted = value === true || value === 'true';
      break;
    case 'text':
      if (typeof value !== 'string' && typeof value !== 'number') throw new InvalidLookup(`Invalid value for ${model}.${field}: expects text.`);
      converted = String(value);
      break;
    default:
      converted = scalarValue(model, field, kind, value, enumValues);
  }
  return lookup.build(converted, { model, field, kind });
}

/** Merges `value` at `path` into `where` (two lookups on one relation share its nested object). */
function setPath(where: Where, path: string[], value: unknown): void {
  let node = where;
  for (const step of path.slice(0, -1)) {
    const next = node[step];
    node = (typeof next === 'object' && next !== null ? next : (node[step] = {})) as Where;
  }
  const last = path[path.length - 1]!;
  const existing = node[last];
  if (isPlainObject(existing) && isPlainObject(value)) node[last] = { ...existing, ...value };
  else if (existing !== undefined) node[last] = { $and: [existing, value] };
  else node[last] = value;
}
const isPlainObject = (v: unknown): v is Where => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Resolves one segment of a lookup path against a model: a system field, a @Field, a relation or a collection. */
function resolveSegment(plan: ModelPlan, name: string) {
  if (Object.hasOwn(SYSTEM, name)) return { system: SYSTEM[name]! };
  const item = plan.byKey.get(name);
  if (!item) return undefined;
  if (isRelation(item)) return { relation: item, wireIsId: name === item.wire };
  if (isCollection(item)) return { collection: item };
  return { field: item as FieldRecord };
}

/**
 * Turns Django-style lookups into a MikroORM condition.
 * Keys: `field` (equality), `field__op`, `relation__field[__op]`, `relation_id`; values are checked against
 * the field's type. Unknown fields and operators throw InvalidLookup naming the model, never reach SQL.
 * @example toWhere(Post, { title__icontains: 'x', author__username: 'd.john' })
 */
export function toWhere(model: AnyModelClass, filters: object): Where {
  const where: Where = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    const parts = key.split('__');
    if (parts.some((p) => p === '')) throw new InvalidLookup(`Invalid operator: ${key}`);
    let plan = planOf(model);
    const path: string[] = [];
    let operator: Operator = 'equals';
    let convert: (v: unknown) => unknown = (v) => v;
    let customDone = false;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const segment = resolveSegment(plan, part);
      const rest = parts.length - i - 1;
      if (!segment) throw unknownField(plan, part);
      if (segment.relation || segment.collection) {
        const target = (segment.relation ?? segment.collection)!;
        path.push(target.prop);
        const next = parts[i + 1];
        if (rest === 0 || (rest === 1 && isOperator(next!))) {
          // the relation itself: compare with an entity or an id
          if (rest === 1) operator = next as Operator;
          const modelName = plan.name;
          checkOperator(modelName, part, operator, 'relation');
          convert = (v) => relationValue(modelName, part, v);
          break;
        }
        if (segment.wireIsId) throw new InvalidLookup(`Invalid operator: ${next}`);
        plan = planOf(target.target());
        continue;
      }
      const prop = segment.system?.prop ?? segment.field!.prop;
      const kind = segment.system?.kind ?? segment.field!.info.kind;
      path.push(prop);
      if (rest > 1) throw new InvalidLookup(`Invalid operator: ${parts.slice(i + 1).join('__')}`);
      const custom = rest === 1 && !isOperator(parts[i + 1]!) ? registeredLookup(parts[i + 1]!) : undefined;
      if (custom) {
        setPath(where, path, customCondition(plan.name, part, kind, custom, value, segment.field?.info.enumValues));
        customDone = true;
        break;
      }
      if (rest === 1) {
        const op = parts[i + 1]!;
        if (!isOperator(op)) throw new InvalidLookup(`Invalid operator: ${op}`);
        operator = op;
      }
      const modelName = plan.name;
      checkOperator(modelName, part, operator, kind);
      const enumValues = segment.field?.info.enumValues;
      convert = (v) => scalarValue(modelName, part, kind, v, enumValues);
      break;
    }
    if (customDone) continue;
    const cond = condition(plan.name, key, operator, value, convert);
    if (operator === 'not_contains' || operator === 'not_icontains') {
      // `{ title: { $not: { $like } } }` is rejected by the query builder: negate the whole path instead.
      const negated: Where = {};
      setPath(negated, path, cond);
      where.$and = [...((where.$and as unknown[] | undefined) ?? []), { $not: negated }];
    } else {
      setPath(where, path, cond);
    }
  }
  return where;
}

/** Turns `'-createdAt'`, `'title'` or a list of them into MikroORM's orderBy; validates each field. */
export function toOrderBy(model: AnyModelClass, orderBy: string | readonly string[] | undefined): Record<string, unknown> {
  const items = orderBy === undefined ? ['id'] : typeof orderBy === 'string' ? [orderBy] : orderBy;
  const result: Record<string, unknown> = {};
  for (const item of items) {
    const descending = item.startsWith('-');
    const name = descending ? item.slice(1) : item;
    const parts = name.split('__');
    let plan = planOf(model);
    const path: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const segment = resolveSegment(plan, parts[i]!);
      if (!segment || segment.collection) throw unknownField(plan, parts[i]!);
      if (segment.relation && i < parts.length - 1 && !segment.wireIsId) {
        path.push(segment.relation.prop);
        plan = planOf(segment.relation.target());
        continue;
      }
      if (i < parts.length - 1) throw unknownField(plan, parts.slice(i).join('__'));
      path.push(segment.system?.prop ?? segment.field?.prop ?? segment.relation!.prop);
    }
    setPath(result, path, descending ? 'desc' : 'asc');
  }
  return result;
}

/** The lookups that apply to a column kind: built-in ones (text ones on text only, json: isnull) and registered ones. */
export function lookupsForKind(kind: ColumnKind | 'relation', registered: readonly string[]): string[] {
  if (kind === 'json') return ['isnull'];
  const builtins = BUILTIN_LOOKUPS.filter((op) => !TEXT_LOOKUPS.includes(op) || (kind !== 'relation' && TEXT_KINDS.has(kind)));
  if (kind === 'relation') return builtins;
  return [...builtins, ...registered.filter((name) => lookupAppliesTo(registeredLookup(name)!, kind))];
}
