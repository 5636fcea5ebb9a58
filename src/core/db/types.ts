/**
 * Type-level derivation of the wire schemas from a model's declared property types. A decorator cannot change
 * a class's type, so these types read the TypeScript declarations (`Hidden<T>`, `Opt<T>`, `[OptionalProps]`,
 * `Rel<T>`, `| null`) and the runtime plan reads the `@Field` schemas; the two agree by construction of `@Field`.
 */
import type { Collection, Hidden, HiddenProps, Opt, OptionalProps, Reference } from '@mikro-orm/core';
import type { z } from 'zod';
import type { SnakeCase } from './naming.js';

/** True when X and Y are the same type. */
export type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** The system columns every table has (BaseTable); never writable through the derived schemas. */
export type SystemKeys = 'id' | 'createdAt' | 'updatedAt';

declare const VERSION: unique symbol;
/** The type of an optimistic-locking version column (`@Field(z.number().int(), { version: true })`): the server's. */
export type Version = Opt<number> & { readonly [VERSION]?: true };
type IsVersion<V> = typeof VERSION extends keyof NonNullable<V> ? true : false;
/** Field keys a client may write: all but version columns. */
export type WritableKeys<E> = { [K in FieldKeys<E>]: IsVersion<E[K]> extends true ? never : K }[FieldKeys<E>];

type IsReadonly<E, K extends keyof E> = Equal<Pick<E, K>, Readonly<Pick<E, K>>>;

/** Properties of E that are model data: strings keys that are not system fields, methods, collections or read-only. */
export type FieldKeys<E> = {
  [K in keyof E]-?: K extends string
    ? K extends SystemKeys
      ? never
      : NonNullable<E[K]> extends (...args: never[]) => unknown
        ? never
        : NonNullable<E[K]> extends Collection<object>
          ? never
          : IsReadonly<E, K> extends true
            ? never
            : K
    : never;
}[keyof E];

/** The target model of a relation property, or never. */
export type RelationTarget<V> = NonNullable<V> extends Reference<infer U> ? U : NonNullable<V> extends { id: unknown; createdAt: Date } ? NonNullable<V> : never;
type IsRelation<V> = [RelationTarget<V>] extends [never] ? false : true;
type PkOf<U> = U extends { id: infer P } ? P : never;

type HasBrand<V, B> = keyof B extends keyof NonNullable<V> ? true : false;
/** True for `Hidden<T>` properties and those listed in `[HiddenProps]`. */
export type IsHidden<E, K extends keyof E> = HasBrand<E[K], Hidden.Brand> extends true ? true : E extends { [HiddenProps]?: infer H } ? (K extends H ? true : false) : false;

type OptionalKeysOf<E> = E extends { [OptionalProps]?: infer O } ? O : never;
/** Optional on create: nullable, declared `?:`, `Opt<T>`, or listed in `[OptionalProps]`. */
export type IsCreateOptional<E, K extends keyof E> = null extends E[K]
  ? true
  : undefined extends E[K]
    ? true
    : K extends OptionalKeysOf<E>
      ? true
      : HasBrand<E[K], Opt.Brand>;

/** Removes MikroORM's Opt/Hidden brands from common value types. */
export type Unbrand<V> = V extends null | undefined
  ? V
  : V extends Date
    ? Date
    : V extends string
      ? string extends V
        ? string
        : V
      : V extends number
        ? number extends V
          ? number
          : V
        : V extends boolean
          ? boolean
          : V extends Array<infer I>
            ? Array<Unbrand<I>>
            : V;

type NullIn<V> = null extends V ? null : never;

/** The wire key of a property: snake_case, plus `_id` for relations. */
export type WireKey<E, K extends string & keyof E> = IsRelation<E[K]> extends true ? `${SnakeCase<K>}_id` : SnakeCase<K>;

/** Parsed value of a property on the wire (requests). */
export type WireValue<V> = IsRelation<V> extends true ? PkOf<RelationTarget<V>> | NullIn<V> : Unbrand<Exclude<V, undefined>>;
/** Accepted input for a property on the wire (dates also as strings). */
export type WireInput<V> = Exclude<V, undefined> extends infer W ? (W extends Date ? Date | string : IsRelation<V> extends true ? WireValue<V> : Unbrand<W>) : never;
/** Value of a property in a response (dates as ISO strings). */
export type ReadValue<V> = IsRelation<V> extends true ? PkOf<RelationTarget<V>> | NullIn<V> : Exclude<V, undefined> extends infer W ? (W extends Date ? string : Unbrand<W>) : never;

type FieldSchema<V> = z.ZodType<WireValue<V>, WireInput<V>>;

/** The shape of `Model.createSchema()`. */
export type CreateShape<E> = {
  [K in WritableKeys<E> as WireKey<E, K>]: IsCreateOptional<E, K> extends true ? z.ZodOptional<FieldSchema<E[K]>> : FieldSchema<E[K]>;
};
/** The shape of `Model.updateSchema()`: every key optional, no defaults. */
export type UpdateShape<E> = { [K in WritableKeys<E> as WireKey<E, K>]: z.ZodOptional<FieldSchema<E[K]>> };
/** The shape of `Model.readSchema()`: system fields, then every non-hidden field. */
export type ReadShape<E> = {
  [K in (SystemKeys & keyof E) | FieldKeys<E> as K extends SystemKeys ? SnakeCase<K> : IsHidden<E, K> extends true ? never : WireKey<E, K & string>]: z.ZodType<ReadValue<E[K]>>;
};

/** zod object schemas of a model. */
export type CreateSchema<E> = z.ZodObject<CreateShape<E>, z.core.$strip>;
export type UpdateSchema<E> = z.ZodObject<UpdateShape<E>, z.core.$strip>;
export type ReadSchema<E> = z.ZodObject<ReadShape<E>, z.core.$strip>;

/** The JSON object of an entity (`entity.toJSON()`). */
export type ReadJSON<E> = z.output<ReadSchema<E>>;

/** Properties as data, for `create`/`assign` from code: relations take entities, dates take Date. */
export type PropsInput<E> = { [K in FieldKeys<E>]?: Unbrand<E[K]> | (IsRelation<E[K]> extends true ? WireValue<E[K]> : never) };
/** Data `Model.create()` accepts: the wire shape (a validated request body) or properties. */
export type CreateInput<E> = z.input<CreateSchema<E>> | PropsInput<E>;
/** Data `entity.assign()` accepts: any subset of the wire shape or of the properties. */
export type AssignInput<E> = z.input<UpdateSchema<E>> | PropsInput<E>;

/** Lookup operators (Django's, as the original's `operators.py`). */
export type LookupOperator =
  | 'equals' | 'not_equals' | 'in' | 'not_in' | 'gt' | 'gte' | 'lt' | 'lte'
  | 'contains' | 'icontains' | 'not_contains' | 'not_icontains'
  | 'startswith' | 'istartswith' | 'endswith' | 'iendswith' | 'isnull';

type FilterField<E> = SystemKeys | FieldKeys<E> | WireNames<E>;
type WireNames<E> = { [K in FieldKeys<E>]: WireKey<E, K> | SnakeCase<K> }[FieldKeys<E>] | 'created_at' | 'updated_at';
type RelationKeys<E> = { [K in FieldKeys<E>]: IsRelation<E[K]> extends true ? K | SnakeCase<K> : never }[FieldKeys<E>];

/**
 * Filter keys: `field`, `field__op`, or a path through relations (`author__username__icontains`).
 * Keys are checked at compile time up to the first relation, and fully at run time.
 */
export type Filters<E> = { [K in FilterField<E> | `${FilterField<E>}__${LookupOperator}` | `${RelationKeys<E>}__${string}`]?: unknown };

/** `orderBy`: a field (ascending) or `-field` (descending), or several. */
export type OrderBy<E> = `${'' | '-'}${FilterField<E> & string}` | `${'' | '-'}${RelationKeys<E> & string}__${string}`;
