import type { z } from 'zod';

/** The column kinds a zod schema maps to. */
export type ColumnKind = 'string' | 'text' | 'uuid' | 'integer' | 'double' | 'boolean' | 'datetime' | 'enum' | 'json';

/** What the model layer needs to know about a field's zod schema. */
export interface ZodInfo {
  kind: ColumnKind;
  nullable: boolean;
  optional: boolean;
  hasDefault: boolean;
  defaultValue?: unknown;
  maxLength?: number;
  enumValues?: readonly (string | number)[];
  /** The schema without nullable/optional/default wrappers. */
  base: z.core.$ZodType;
}

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  defaultValue?: unknown;
  format?: string;
  entries?: Record<string, string | number>;
  values?: (string | number)[];
}

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

/** Error raised when a zod type has no column equivalent: the message says how to override it. */
export class UnmappableField extends Error {}

/**
 * Peels `nullable`, `optional`, `default` and `pipe` wrappers off a zod schema and maps its base type to a
 * column kind. Throws for types with no column (`any`, `unknown`, functions) and for `z.date()`, which JSON
 * cannot carry: use `z.coerce.date()`.
 */
export function inspectZod(schema: z.core.$ZodType, where: string): ZodInfo {
  let current = schema;
  let nullable = false;
  let optional = false;
  let hasDefault = false;
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'nullable') nullable = true;
    else if (def.type === 'optional') optional = true;
    else if (def.type === 'default' || def.type === 'prefault') {
      hasDefault = true;
      const value = def.defaultValue;
      defaultValue = typeof value === 'function' ? undefined : value;
    } else if (def.type === 'pipe') {
      current = def.in!;
      continue;
    } else break;
    current = def.innerType!;
  }
  const def = defOf(current);
  const bag = current as unknown as { maxLength?: number | null; isInt?: boolean; _zod: { def: { coerce?: boolean } } };
  const info = (kind: ColumnKind, extra: Partial<ZodInfo> = {}): ZodInfo => ({ kind, nullable, optional, hasDefault, defaultValue, base: current, ...extra });
  switch (def.type) {
    case 'string':
      if (def.format === 'uuid' || def.format === 'guid') return info('uuid');
      return bag.maxLength ? info('string', { maxLength: bag.maxLength }) : info('text');
    case 'number':
      return bag.isInt ? info('integer') : info('double');
    case 'boolean':
      return info('boolean');
    case 'date':
      if (!bag._zod.def.coerce) throw new UnmappableField(`${where}: z.date() cannot parse JSON strings; use z.coerce.date()`);
      return info('datetime');
    case 'enum':
      return info('enum', { enumValues: Object.values(def.entries ?? {}) });
    case 'literal':
      return info('enum', { enumValues: def.values ?? [] });
    case 'object':
    case 'array':
    case 'record':
    case 'tuple':
    case 'union':
      return info('json');
    default:
      throw new UnmappableField(`${where}: cannot map zod type "${def.type}" to a column; pass { column: { type } } in the @Field options`);
  }
}

/** The schema with its `.default()` removed (zod 4 applies defaults even inside `.optional()`). */
export function withoutDefault(schema: z.core.$ZodType): z.core.$ZodType {
  const def = defOf(schema);
  return def.type === 'default' || def.type === 'prefault' ? def.innerType! : schema;
}
