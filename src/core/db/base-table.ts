import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { NotFound } from '../errors/index.js';
import { QUERY_LIMIT_DEFAULT, QUERY_OFFSET_DEFAULT, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../../settings/constants.js';
import { atomic, currentEm, readEm } from './context.js';
import { toOrderBy, toWhere } from './lookups.js';
import type { AssignInput, CreateInput, PropsInput, CreateSchema, Filters, OrderBy, ReadJSON, ReadSchema, UpdateSchema } from './types.js';
import { applyData, applyDefaults, createSchemaOf, readSchemaOf, toJSONOf, updateSchemaOf } from './wire.js';
import { planOf, type AnyModelClass } from './plan.js';
import { InvalidLookup } from '../errors/index.js';
import { deleteWhere, updateWhere } from './bulk-write.js';
import { compiledCount, compiledFind } from './compiled-read.js';
import { updateReturning } from './update-returning.js';
import { isReadonlyRow, markReadonly, readonlyRowError } from './readonly-rows.js';
import type { FExpression } from './f-expression.js';
import { mikroOrm } from './mikro-orm.js';

const { Entity, PrimaryKey, Property } = mikroOrm;

/** A concrete model class whose instances are E (what the static methods' `this` is). */
export type ModelClass<E extends BaseTable> = (new () => E) & { name: string };
/** Any model class, abstract ones included (schemas work on those too). */
export type AbstractModelClass<E extends BaseTable> = abstract new (...args: never[]) => E;

/** Options of `all` and `filter`. */
export interface QueryOptions<E> {
  /** A field, `-field` for descending, or a list; default `id`. */
  orderBy?: OrderBy<E> | OrderBy<E>[];
  /** Rows to skip (default 0). */
  offset?: number;
  /** At most this many rows (default 100; `null` for no limit). */
  limit?: number | null;
  /**
   * Rows to send, not to change: untracked instances, several times cheaper to read than tracked entities;
   * `save()`, `delete()` and `refresh()` refuse them. `listQuery` reads this way.
   */
  readonly?: boolean;
}

/** Options of `get` and `getOr404`. */
export interface GetOptions {
  /** An untracked row to send, not to change (see `QueryOptions.readonly`). */
  readonly?: boolean;
}

/** One page of results, as fastapi-pagination's `Page`. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}


function checkWindow(offset: number, limit: number | null): void {
  if (!Number.isInteger(offset) || offset < 0) throw new InvalidLookup(`offset must be a whole number ≥ 0, got ${offset}.`);
  if (limit !== null && (!Number.isInteger(limit) || limit < 0)) throw new InvalidLookup(`limit must be a whole number ≥ 0, got ${limit}.`);
}

/**
 * Base of every model: `id`, `created_at` and `updated_at` (null until the first update), and the active record.
 * Every method runs on the current context's EntityManager (request, transaction, test); outside any context
 * it throws NoDatabaseContext. Writes are atomic: a savepoint inside a transaction, else their own transaction.
 * @example const post = await Post.create({ title: 'Hi' }).save();
 */
@Entity({ abstract: true })
export abstract class BaseTable {
  @PrimaryKey({ type: 'integer', serializedName: 'id' })
  id!: number;

  @Property({ type: 'datetime', onCreate: () => new Date(), serializedName: 'created_at' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true, onUpdate: () => new Date(), serializedName: 'updated_at' })
  updatedAt: Date | null = null;

  // ----- schemas ---------------------------------------------------------------------------------------------

  /** zod schema of a create body: the writable fields, on the wire (snake_case, `<relation>_id`). */
  static createSchema<E extends BaseTable>(this: AbstractModelClass<E>): CreateSchema<E> {
    return createSchemaOf(this) as unknown as CreateSchema<E>;
  }

  /** zod schema of an update body: every field optional, no defaults. */
  static updateSchema<E extends BaseTable>(this: AbstractModelClass<E>): UpdateSchema<E> {
    return updateSchemaOf(this) as unknown as UpdateSchema<E>;
  }

  /** zod schema of the JSON a response carries (no hidden fields; ISO-8601 UTC dates). */
  static readSchema<E extends BaseTable>(this: AbstractModelClass<E>): ReadSchema<E> {
    return readSchemaOf(this) as unknown as ReadSchema<E>;
  }

  /** The JSON object of this row: wire names, no hidden fields, dates as ISO-8601 UTC, relations as ids. */
  toJSON<E extends BaseTable>(this: E): ReadJSON<E> {
    return toJSONOf(this.constructor as AnyModelClass)(this) as ReadJSON<E>;
  }

  // ----- reads -----------------------------------------------------------------------------------------------

  /** The EntityManager of the current context (request, transaction or test). */
  static em(): EntityManager {
    return currentEm();
  }

  /**
   * Rows matching Django-style lookups, ordered by `id` unless `orderBy` says otherwise; offset 0, limit 100.
   * @example await Post.filter({ title__icontains: 'x', author__username: 'd.john' }, { orderBy: '-id' });
   */
  static async filter<E extends BaseTable>(this: ModelClass<E>, filters: Filters<E> = {}, options: QueryOptions<E> = {}): Promise<E[]> {
    const offset = options.offset ?? QUERY_OFFSET_DEFAULT;
    const limit = options.limit === undefined ? QUERY_LIMIT_DEFAULT : options.limit;
    checkWindow(offset, limit);
    const where = toWhere(this, filters) as FilterQuery<E>;
    const orderBy = toOrderBy(this, options.orderBy as string | string[] | undefined);
    const window = { offset, ...(limit === null ? {} : { limit }) };
    const readonly = options.readonly === true;
    // Read-only rows touch no identity map: a request that has not needed its fork yet reads without one.
    const compiled = await compiledFind<E>(readonly ? readEm() : currentEm(), this, { where: where as Record<string, unknown>, orderBy, ...window }, readonly, currentEm);
    if (compiled) return compiled;
    const em = currentEm();
    if (!readonly) return em.find(this, where, { orderBy: orderBy as never, ...window });
    return markReadonly(await em.find(this, where, { orderBy: orderBy as never, ...window, disableIdentityMap: true }));
  }

  /** Every row (ordered by id, offset 0, limit 100 unless given). */
  static all<E extends BaseTable>(this: ModelClass<E>, options: QueryOptions<E> = {}): Promise<E[]> {
    return (this as ModelClass<E> & typeof BaseTable).filter<E>({}, options);
  }

  /** The first row matching the lookups, or null (`{ readonly: true }`: an untracked row, as `filter` reads). */
  static get<E extends BaseTable>(this: ModelClass<E>, filters: Filters<E>, options: GetOptions = {}): Promise<E | null> {
    // `then`, not `async`/`await`: one promise instead of two on the most common read (see http/mount.ts).
    return (this as ModelClass<E> & typeof BaseTable).filter<E>(filters, { limit: 1, readonly: options.readonly }).then((rows) => rows[0] ?? null);
  }

  /**
   * The first row matching the lookups; the message of the 404, or options, second.
   * @throws NotFound — 404 `{"detail":"Post not found."}`.
   * @example await Post.getOr404({ id }, { message: 'No such post.', readonly: true })
   */
  static getOr404<E extends BaseTable>(this: ModelClass<E>, filters: Filters<E>, options?: string | (GetOptions & { message?: string })): Promise<E> {
    const { message, readonly } = typeof options === 'string' ? { message: options, readonly: false } : (options ?? {});
    return (this as ModelClass<E> & typeof BaseTable).filter<E>(filters, { limit: 1, readonly }).then((rows) => {
      if (!rows[0]) throw new NotFound(message ?? `${this.name} not found.`);
      return rows[0];
    });
  }

  /** The row with the lowest id, or null when the table is empty. */
  static first<E extends BaseTable>(this: ModelClass<E>, filters: Filters<E> = {}): Promise<E | null> {
    return (this as ModelClass<E> & typeof BaseTable).get<E>(filters);
  }

  /** How many rows match the lookups. */
  static async count<E extends BaseTable>(this: ModelClass<E>, filters: Filters<E> = {}): Promise<number> {
    const where = toWhere(this, filters);
    return (await compiledCount(readEm(), this, where)) ?? currentEm().count(this, where as FilterQuery<E>);
  }

  /** True when a row matches the lookups. */
  static async exists<E extends BaseTable>(this: ModelClass<E>, filters: Filters<E> = {}): Promise<boolean> {
    const where = toWhere(this, filters) as FilterQuery<E>;
    const rows = await currentEm().find(this, where, { fields: ['id'] as never, disableIdentityMap: true, limit: 1 });
    return rows.length > 0;
  }

  /**
   * Only some columns, as plain objects keyed by the names asked for (wire or property names).
   * @example await Post.values(['title', 'author_id'], { title__startswith: 'A' }) // [{ title: 'A…', author_id: 1 }]
   */
  static async values<E extends BaseTable, K extends string>(this: ModelClass<E>, fields: readonly K[], filters: Filters<E> = {}, options: QueryOptions<E> = {}): Promise<Array<Record<K, unknown>>> {
    const rows = await (this as ModelClass<E> & typeof BaseTable).filter<E>(filters, options);
    const json = toJSONOf(this);
    const plan = planOf(this);
    const wireOf = (name: string) => {
      const item = plan.byKey.get(name);
      if (item) return item.wire;
      const system: Record<string, string> = { id: 'id', created_at: 'created_at', createdAt: 'created_at', updated_at: 'updated_at', updatedAt: 'updated_at' };
      if (system[name]) return system[name];
      throw new InvalidLookup(`Model ${plan.name} does not have any field named '${name}'. Retry with one of: ${plan.knownNames.join(', ')}.`);
    };
    const wires = fields.map(wireOf);
    return rows.map((row) => {
      const data = json(row);
      const out = {} as Record<K, unknown>;
      fields.forEach((name, i) => (out[name] = data[wires[i]!]));
      return out;
    });
  }

  /**
   * One page of rows: `{ items, total, page, size, pages }`; page from 1, size 50 by default and at most 100.
   * @example await Post.paginate({ page: 2, size: 20 }, { author: user });
   */
  static async paginate<E extends BaseTable>(this: ModelClass<E>, params: { page?: number; size?: number } = {}, filters: Filters<E> = {}, options: Pick<QueryOptions<E>, 'orderBy' | 'readonly'> = {}): Promise<Page<E>> {
    const page = params.page ?? 1;
    const size = params.size ?? PAGE_SIZE_DEFAULT;
    if (!Number.isInteger(page) || page < 1) throw new InvalidLookup(`page must be a whole number ≥ 1, got ${page}.`);
    if (!Number.isInteger(size) || size < 1 || size > PAGE_SIZE_MAX) throw new InvalidLookup(`size must be a whole number from 1 to ${PAGE_SIZE_MAX}, got ${size}.`);
    const where = toWhere(this, filters) as FilterQuery<E>;
    const orderBy = toOrderBy(this, options.orderBy as string | string[] | undefined);
    const em = currentEm();
    const query = { where: where as Record<string, unknown>, orderBy, offset: (page - 1) * size, limit: size };
    const readonly = options.readonly === true;
    const compiled = await compiledFind<E>(em, this, query, readonly);
    const total = compiled ? await compiledCount(em, this, query.where) : undefined;
    const [items, count] = compiled && total !== undefined
      ? [compiled, total]
      : await em.findAndCount(this, where, { orderBy: orderBy as never, offset: query.offset, limit: size, ...(readonly ? { disableIdentityMap: true } : {}) });
    return { items: readonly ? markReadonly(items) : items, total: count, page, size, pages: Math.ceil(count / size) };
  }

  // ----- writes ----------------------------------------------------------------------------------------------

  /**
   * A new, unsaved row from a validated body (wire names) or from properties; defaults applied.
   * @example const post = await Post.create({ title: 'Hi', author_id: 1 }).save();
   */
  static create<E extends BaseTable>(this: ModelClass<E>, data: CreateInput<E> = {} as CreateInput<E>): E {
    const entity = new this();
    applyData(this, entity, data);
    applyDefaults(this, entity);
    return entity;
  }

  /** Saves every entity at once: all are written or none (one transaction or savepoint). */
  static async bulkSave<E extends BaseTable>(this: ModelClass<E>, entities: readonly E[]): Promise<E[]> {
    await atomic((em) => em.persist(entities as E[]), entities);
    return [...entities];
  }

  /** Deletes every entity at once: all are removed or none. Delete signals fire once per entity. */
  static async bulkDelete<E extends BaseTable>(this: ModelClass<E>, entities: readonly E[]): Promise<void> {
    await atomic((em) => em.remove(entities as E[]), entities);
  }

  /**
   * Updates every row matching the lookups in one `UPDATE` statement, and returns how many changed. Values may be
   * `F()` expressions, computed by the database (no lost updates). No signals fire; rows already loaded in the
   * context keep their old values (`refresh()` them).
   * @example await PostStatistic.update({ post: id }, { views: F('views').plus(1) });
   */
  static update<E extends BaseTable>(this: ModelClass<E>, filters: Filters<E>, values: UpdateValues<E>): Promise<number> {
    return updateWhere(this, filters, values as Record<string, unknown>);
  }

  /**
   * Updates the row the lookups find with `values` (wire or property names, as `assign`) and returns it, as
   * `(await getOr404(filters)).assign(values).save()` does; the 404's message, or options, third. Found by its
   * primary key alone (`{ id }`), the row of a model without update signals is updated in one statement
   * (`UPDATE … RETURNING *`); otherwise it is read, assigned and saved.
   * @throws NotFound — 404 `{"detail":"Hero not found."}`.
   * @example await Hero.updateOr404({ id: pk }, { name: 'Deadpool' }, 'Hero not found.')
   */
  static async updateOr404<E extends BaseTable>(this: ModelClass<E>, filters: Filters<E>, values: AssignInput<E>, options?: string | { message?: string }): Promise<E> {
    const keys = Object.keys(filters);
    const id = keys.length === 1 && (keys[0] === 'id' || keys[0] === 'id__equals') ? (filters as Record<string, unknown>)[keys[0]] : undefined;
    const updated = id === undefined ? undefined : await updateReturning<E>(this, id, values);
    if (updated) return updated;
    const row = await (this as ModelClass<E> & typeof BaseTable).getOr404<E>(filters, typeof options === 'string' ? options : options?.message);
    return row.assign(values).save();
  }

  /**
   * Deletes every row matching the lookups in one `DELETE` statement, and returns how many went. No signals fire
   * (use `bulkDelete(entities)` for those); database delete rules (cascade, set null) apply.
   * @example await Post.delete({ author: user, title__startswith: 'draft' });
   */
  static delete<E extends BaseTable>(this: ModelClass<E>, filters: Filters<E>): Promise<number> {
    return deleteWhere(this, filters);
  }

  /** Deletes every row of the table (`DELETE FROM`, no signals). Returns the number deleted. */
  static async truncate<E extends BaseTable>(this: ModelClass<E>): Promise<number> {
    return currentEm().nativeDelete(this, {} as FilterQuery<E>);
  }

  /** Copies fields onto this row (wire or property names; only the keys given). Chain `.save()` to store. */
  assign<E extends BaseTable>(this: E, data: AssignInput<E>): E {
    applyData(this.constructor as AnyModelClass, this, data);
    return this;
  }

  /**
   * Inserts or updates this row (and writes any other pending change of the context), runs its signals, and
   * returns it with its id and timestamps. A unique violation throws (the HTTP layer answers 409).
   */
  async save<E extends BaseTable>(this: E): Promise<E> {
    if (isReadonlyRow(this)) throw readonlyRowError(this, 'save');
    await atomic((em) => em.persist(this), [this]);
    return this;
  }

  /** Deletes this row; database delete rules (cascade, set null) apply. */
  async delete(): Promise<void> {
    if (isReadonlyRow(this)) throw readonlyRowError(this, 'delete');
    await atomic((em) => em.remove(this), [this]);
  }

  /** Reloads this row from the database (including eager relations); throws NotFound if it was deleted. */
  async refresh<E extends BaseTable>(this: E): Promise<E> {
    if (isReadonlyRow(this)) throw readonlyRowError(this, 'refresh');
    const fresh = await currentEm().refresh(this);
    if (!fresh) throw new NotFound(`${this.constructor.name} not found.`);
    return this;
  }

  /** True while a row with this id exists. */
  async exists(): Promise<boolean> {
    if (this.id === undefined) return false;
    const ctor = this.constructor as ModelClass<BaseTable> & typeof BaseTable;
    return ctor.exists({ id: this.id } as Filters<BaseTable>);
  }
}

/** Values of `Model.update`: fields (wire or property names) to a value or an `F()` expression. */
export type UpdateValues<E extends BaseTable> = OrF<z.input<UpdateSchema<E>>> | OrF<PropsInput<E>>;
type OrF<T> = { [K in keyof T]?: T[K] | FExpression };

/** Infers the create-body type of a model: `type PostCreate = CreateBody<Post>`. */
export type CreateBody<E extends BaseTable> = z.infer<CreateSchema<E>>;
