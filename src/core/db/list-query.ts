import { z } from 'zod';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, QUERY_LIMIT_DEFAULT } from '../../settings/constants.js';
import type { BaseTable, ModelClass, Page } from './base-table.js';
import { registeredLookup, registeredLookupNames } from './lookup-registry.js';
import { lookupsForKind, TEXT_LOOKUPS } from './lookups.js';
import { isCollection, isRelation, planOf } from './plan.js';
import type { FieldRecord } from './field.js';
import type { ColumnKind } from './zod-introspect.js';

/** How a list is cut: `offset`/`limit` (a bare array) or `page`/`size` (`{items,total,page,size,pages}`). */
export type Pagination = 'offset' | 'page';

/** Options of `listQuery`: what a client may filter and order by, and how the list is paginated. */
export interface ListQueryOptions<M extends Pagination = Pagination> {
  /**
   * Filterable fields (wire names, `user_id` for a relation): a list (every lookup that applies to the field's
   * type), or field → the lookups allowed (`{ age: ['exact', 'gte', 'lte'] }`; `exact` is the bare `?age=`).
   */
  filters?: readonly string[] | Readonly<Record<string, readonly string[]>>;
  /** Fields `?order_by=` accepts (`-age,name`: `-` descends). */
  ordering?: readonly string[];
  /** The order when `order_by` is absent (default `id`). */
  defaultOrder?: string | readonly string[];
  /** `offset` (default) or `page`. */
  pagination?: M;
  /** Offset pagination: the default and largest `limit` (100 and 100). */
  limit?: number;
  maxLimit?: number;
  /** Page pagination: the default and largest `size` (50 and 100). */
  size?: number;
  maxSize?: number;
  /** Query parameters that stand for a lookup (`{ name: 'name__startswith' }`: `?name=` matches a prefix). */
  aliases?: Readonly<Record<string, string>>;
  /**
   * Read the rows untracked (default true): a list is sent, not changed, and untracked rows are several times
   * cheaper to read; `false` when the route changes and saves the rows it lists.
   */
  readonly?: boolean;
}

/** The validated query of a list: filters by parameter name, `order_by`, and the pagination parameters. */
export type ListParams = Record<string, unknown>;

/** A list route's query: its schema (validation and OpenAPI) and the query it runs. */
export interface ListQuery<E extends BaseTable, M extends Pagination> {
  /** The query-string schema: give it to `@Query(...)`. Unknown parameters and lookups are 422 naming the allowed ones. */
  readonly schema: z.ZodObject;
  /** Every query parameter the list accepts. */
  readonly parameters: readonly string[];
  /** Runs the query: the rows of the page (`offset`) or the page itself (`page`, through `Model.paginate`). */
  run(params: ListParams): Promise<M extends 'page' ? Page<E> : E[]>;
}

const DESCRIBE: Record<string, string> = {
  equals: 'equals', not_equals: 'differs from', in: 'is one of (comma-separated)', not_in: 'is none of (comma-separated)',
  gt: 'is greater than', gte: 'is at least', lt: 'is less than', lte: 'is at most', contains: 'contains', icontains: 'contains, ignoring case',
  not_contains: 'does not contain', not_icontains: 'does not contain, ignoring case', startswith: 'starts with', istartswith: 'starts with, ignoring case',
  endswith: 'ends with', iendswith: 'ends with, ignoring case', isnull: 'is null (true) or not (false)',
};

const SYSTEM: Record<string, ColumnKind> = { id: 'integer', created_at: 'datetime', updated_at: 'datetime' };

interface FilterField {
  wire: string;
  kind: ColumnKind | 'relation';
  enumValues?: readonly (string | number)[];
}

function fieldOf(model: ModelClass<BaseTable>, name: string): FilterField {
  if (Object.hasOwn(SYSTEM, name)) return { wire: name, kind: SYSTEM[name]! };
  const plan = planOf(model);
  const item = plan.byKey.get(name);
  if (!item || isCollection(item)) throw new Error(`listQuery(${plan.name}): no field '${name}' to filter or order by (fields: ${plan.knownNames.join(', ')}).`);
  if (isRelation(item)) return { wire: item.wire, kind: 'relation' };
  const field = item as FieldRecord;
  return { wire: field.wire, kind: field.info.kind, enumValues: field.info.enumValues };
}

/** The schema of one value given in a query string, by column kind. */
function scalarSchema(field: FilterField): z.ZodType {
  switch (field.kind) {
    case 'integer':
    case 'relation':
      return z.coerce.number().int().min(-2147483648).max(2147483647);
    case 'double':
      return z.coerce.number();
    case 'boolean':
      return z.enum(['true', 'false']);
    case 'datetime':
      return z.iso.datetime({ offset: true, local: true });
    case 'enum':
      return field.enumValues?.length ? z.enum(field.enumValues.map(String) as [string, ...string[]]) : z.string();
    case 'uuid':
      return z.uuid();
    default:
      return z.string().max(1000);
  }
}

const commaList = (item: z.ZodType) => z.string().max(10000).transform((s) => s.split(',')).pipe(z.array(item as z.ZodType<unknown, string>).max(1000));

/** The schema of a lookup's value: a list for `in`, a boolean for `isnull`, text for the LIKE ones. */
function valueSchema(field: FilterField, lookup: string): z.ZodType {
  const custom = registeredLookup(lookup);
  const shape = custom ? custom.value ?? 'scalar' : lookup === 'in' || lookup === 'not_in' ? 'list' : lookup === 'isnull' ? 'boolean' : TEXT_LOOKUPS.includes(lookup) ? 'text' : 'scalar';
  if (shape === 'list') return commaList(scalarSchema(field));
  if (shape === 'boolean') return z.enum(['true', 'false']);
  if (shape === 'text') return z.string().max(1000);
  return scalarSchema(field);
}

const isExact = (lookup: string) => lookup === 'exact' || lookup === 'equals';

/**
 * Derives a list route's query from a model and an allow-list: filters with the model's lookups
 * (`?age__gte=50&name__icontains=man`), ordering (`?order_by=-age,name`) and pagination (`offset`/`limit`, or
 * `page`/`size`). Everything is validated: an unknown parameter, lookup or order field is a 422 that lists what
 * is allowed; values are checked against the field's type. The schema documents every parameter in OpenAPI.
 * @example
 * const heroes = listQuery(Hero, { filters: { name: ['exact', 'icontains'], age: ['gte', 'lte'] }, ordering: ['name', 'age'] });
 * @route.get('/') list(@Query(heroes.schema) q: ListParams) { return heroes.run(q); }
 */
export function listQuery<E extends BaseTable, M extends Pagination = 'offset'>(model: ModelClass<E>, options: ListQueryOptions<M> = {}): ListQuery<E, M> {
  const base: ModelClass<BaseTable> & typeof BaseTable = model as ModelClass<E> & typeof BaseTable;
  const registered = registeredLookupNames();
  const lookupOf = new Map<string, string>(); // query parameter → lookup key of Model.filter
  const shape: Record<string, z.ZodType> = {};
  const spec = options.filters ?? [];
  const entries: Array<[string, readonly string[] | undefined]> = Array.isArray(spec) ? spec.map((name: string) => [name, undefined]) : Object.entries(spec);
  for (const [name, lookups] of entries) {
    const field = fieldOf(base, name);
    const applicable = lookupsForKind(field.kind, registered);
    for (const lookup of lookups ?? applicable) {
      const op = isExact(lookup) ? 'equals' : lookup;
      if (!applicable.includes(op)) {
        throw new Error(`listQuery(${model.name}): lookup '${lookup}' does not apply to ${name} (it takes: ${applicable.join(', ')}).`);
      }
      const param = op === 'equals' ? field.wire : `${field.wire}__${op}`;
      lookupOf.set(param, param);
      const what = registeredLookup(op)?.description ?? DESCRIBE[op] ?? op;
      shape[param] = valueSchema(field, op).optional().describe(`${field.wire} ${what}`);
    }
  }
  for (const [param, lookup] of Object.entries(options.aliases ?? {})) {
    const [name, ...rest] = lookup.split('__');
    const field = fieldOf(base, name!);
    const op = rest.join('__') || 'equals';
    lookupOf.set(param, op === 'equals' ? field.wire : `${field.wire}__${op}`);
    shape[param] = valueSchema(field, op).optional().describe(`${field.wire} ${DESCRIBE[op] ?? op}`);
  }
  const ordering = (options.ordering ?? []).map((name) => fieldOf(base, name).wire);
  const defaultOrder = options.defaultOrder ?? 'id';
  if (ordering.length) {
    const allowed = ordering.join(', ');
    shape.order_by = z
      .string()
      .max(1000)
      .transform((s) => s.split(',').map((part) => part.trim()).filter(Boolean))
      .superRefine((items, ctx) => {
        for (const item of items) {
          if (!ordering.includes(item.replace(/^-/, ''))) ctx.addIssue({ code: 'custom', message: `Cannot order by '${item}'. Order by: ${allowed} (a leading - descends; comma-separated).` });
        }
      })
      .optional()
      .describe(`comma-separated fields, a leading - descends: ${allowed}`);
  }
  const pagination = options.pagination ?? 'offset';
  if (pagination === 'page') {
    const maxSize = options.maxSize ?? PAGE_SIZE_MAX;
    shape.page = z.coerce.number().int().min(1).default(1).describe('page number, from 1');
    shape.size = z.coerce.number().int().min(1).max(maxSize).default(options.size ?? PAGE_SIZE_DEFAULT).describe(`rows per page, at most ${maxSize}`);
  } else {
    const maxLimit = options.maxLimit ?? QUERY_LIMIT_DEFAULT;
    shape.offset = z.coerce.number().int().min(0).default(0).describe('rows to skip');
    shape.limit = z.coerce.number().int().min(0).max(maxLimit).default(options.limit ?? maxLimit).describe(`at most this many rows (at most ${maxLimit})`);
  }
  const parameters = Object.keys(shape);
  const allowed = parameters.join(', ');
  const schema = z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const keys = issue.keys.map((key) => `'${key}'`).join(', ');
      return `Unknown query parameter${issue.keys.length > 1 ? 's' : ''} ${keys}. Allowed: ${allowed}.`;
    },
  });

  const readonly = options.readonly ?? true;
  const run = async (params: ListParams) => {
    const filters: Record<string, unknown> = {};
    for (const [param, lookup] of lookupOf) if (params[param] !== undefined) filters[lookup] = params[param];
    const orderBy = (params.order_by as string[] | undefined)?.length ? (params.order_by as string[]) : defaultOrder;
    const query = { orderBy: orderBy as never, readonly };
    if (pagination === 'page') {
      return base.paginate({ page: params.page as number, size: params.size as number }, filters as never, query);
    }
    return base.filter(filters as never, { ...query, offset: params.offset as number, limit: params.limit as number });
  };
  return { schema, parameters, run: run as ListQuery<E, M>['run'] };
}

/**
 * The response schema of a paginated list: `{items, total, page, size, pages}` around a read schema.
 * @example response: pageOf(PostRead)
 */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), size: z.number().int(), pages: z.number().int() });
}
