import type { PropertyOptions } from '@mikro-orm/core';
import type { z } from 'zod';
import { snakeCase } from './naming.js';
import { inspectZod, type ZodInfo } from './zod-introspect.js';
import { mikroOrm } from './mikro-orm.js';

const { Enum, Index, Property, Unique } = mikroOrm;

/** Options of `@Field` besides its zod schema. */
export interface FieldOptions {
  /** A unique constraint; a string names it (e.g. `ix_users_username`). */
  unique?: boolean | string;
  /** An index; a string names it. */
  index?: boolean | string;
  /** Never serialized (passwords). Declare the property as `Hidden<T>` too so the types agree. */
  hidden?: boolean;
  /**
   * An optimistic-locking version column (MikroORM's `version: true`): every save of a changed row adds one and
   * checks the value read, so a save over a newer version fails (409) instead of losing the other write.
   * The server owns it: it is read, never written by the derived create/update schemas. Declare it `Version`.
   * @example @Field(z.number().int(), { version: true }) version!: Version;
   */
  version?: boolean;
  /** Raw MikroORM property options, for what the zod type cannot say (e.g. `{ type: 'text' }`). */
  column?: Partial<PropertyOptions<object>>;
}

/** One `@Field` as the model layer records it. */
export interface FieldRecord {
  prop: string;
  wire: string;
  schema: z.core.$ZodType;
  info: ZodInfo;
  hidden: boolean;
  unique: boolean;
  /** An optimistic-locking version column: read-only on the wire. */
  version: boolean;
}

const records = new WeakMap<object, FieldRecord[]>();

/** The `@Field`s declared directly on a class (not inherited). */
export function fieldRecords(ctor: object): readonly FieldRecord[] {
  return records.get(ctor) ?? [];
}

const COLUMN_TYPES = {
  string: 'string',
  text: 'text',
  uuid: 'uuid',
  integer: 'integer',
  double: 'double',
  boolean: 'boolean',
  datetime: 'datetime',
  json: 'json',
} as const;

/** A column default the database can hold: primitives and JSON values; functions and dates stay in JS. */
function columnDefault(info: ZodInfo): unknown {
  const value = info.defaultValue;
  if (!info.hasDefault || value === undefined || value === null || value instanceof Date) return undefined;
  if (info.kind === 'json') return JSON.stringify(value);
  return typeof value === 'object' ? undefined : value;
}

/**
 * Declares a column and its validation at once: the zod schema gives the column type (varchar(n), text, int,
 * double, boolean, timestamptz, enum check, jsonb), nullability and default, and the model's derived
 * create/update/read schemas. The column and the JSON key are the snake_case of the property.
 * @example @Field(z.string().min(1).max(200)) title!: string;
 * @example @Field(z.string().min(8), { hidden: true }) password!: Hidden<string>;
 */
export function Field(schema: z.core.$ZodType, options: FieldOptions = {}) {
  return (target: object, prop: string): void => {
    const ctor = target.constructor;
    const info = inspectZod(schema, `${ctor.name}.${prop}`);
    const wire = snakeCase(prop);
    const column: PropertyOptions<object> = {
      nullable: info.nullable || info.optional,
      serializedName: wire,
      ...(options.hidden ? { hidden: true } : {}),
      ...(options.version ? { version: true } : {}),
      ...(columnDefault(info) !== undefined ? { default: columnDefault(info) as string } : {}),
    };
    if (info.kind === 'enum') {
      Enum({ items: [...(info.enumValues ?? [])] as string[], ...column, ...options.column } as Parameters<typeof Enum>[0])(target, prop);
    } else {
      const length = info.kind === 'string' ? { length: info.maxLength } : {};
      Property({ type: COLUMN_TYPES[info.kind], ...length, ...column, ...options.column })(target, prop);
    }
    type PropertyDecorator = (target: object, prop: string) => void;
    if (options.unique) (Unique(typeof options.unique === 'string' ? { name: options.unique } : {}) as unknown as PropertyDecorator)(target, prop);
    if (options.index) (Index(typeof options.index === 'string' ? { name: options.index } : {}) as unknown as PropertyDecorator)(target, prop);
    const list = records.get(ctor) ?? [];
    list.push({ prop, wire, schema, info, hidden: options.hidden === true, unique: Boolean(options.unique), version: options.version === true });
    records.set(ctor, list);
  };
}
