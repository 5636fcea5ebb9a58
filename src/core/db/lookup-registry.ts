import { InvalidLookup } from '../errors/index.js';
import type { ColumnKind } from './zod-introspect.js';

/** What a registered lookup is given: the model and field it applies to, and the value already converted. */
export interface LookupContext {
  model: string;
  field: string;
  kind: ColumnKind;
}

/** A lookup an app adds to the built-in ones (`__gte`, `__icontains`, …). */
export interface LookupDefinition {
  /** Column kinds it applies to (`['string', 'text']`); a lookup on another kind is an InvalidLookup. Default: every kind but json. */
  kinds?: readonly ColumnKind[];
  /**
   * What its value is: one value of the field's type (`scalar`, the default), a list of them (`list`; a query
   * string gives it comma-separated), `text` (any text, for patterns) or `boolean`.
   */
  value?: 'scalar' | 'list' | 'text' | 'boolean';
  /** A short description, shown in the API docs of list queries (`"name equals, ignoring case"`). */
  description?: string;
  /**
   * The MikroORM condition on the field, from the converted value: `{ $ilike: … }`, `{ $gte: … }`, or a
   * `raw()` fragment. Never SQL built from the value by string concatenation.
   */
  build(value: unknown, context: LookupContext): unknown;
}

const registry = new Map<string, LookupDefinition>();

/** Names the built-in lookups take; lookups.ts registers them so that a registration cannot shadow one. */
const reserved = new Set<string>();

/** Marks built-in operator names (called once by lookups.ts). */
export function reserveLookups(names: readonly string[]): void {
  for (const name of names) reserved.add(name);
}

/**
 * Adds a lookup usable in `Model.filter({ field__name: value })` and in list queries (`?field__name=value`).
 * Names are lower-case identifiers and cannot replace a built-in lookup or another registration.
 * @example registerLookup('iexact', { kinds: ['string', 'text'], value: 'text', build: (v) => ({ $ilike: escapeLike(String(v)) }) });
 */
export function registerLookup(name: string, definition: LookupDefinition): void {
  if (!/^[a-z][a-z0-9_]*$/.test(name) || name.includes('__')) throw new InvalidLookup(`Invalid lookup name '${name}': use lower-case letters, digits and single underscores.`);
  if (reserved.has(name) || registry.has(name)) throw new InvalidLookup(`Lookup '${name}' already exists.`);
  registry.set(name, definition);
}

/** Removes a registered lookup (tests). */
export function unregisterLookup(name: string): void {
  registry.delete(name);
}

/** The registered lookup of that name, if any. */
export function registeredLookup(name: string): LookupDefinition | undefined {
  return registry.get(name);
}

/** Every registered lookup's name. */
export function registeredLookupNames(): string[] {
  return [...registry.keys()];
}

/** True when a registered lookup applies to a column kind. */
export function lookupAppliesTo(definition: LookupDefinition, kind: ColumnKind): boolean {
  return definition.kinds ? definition.kinds.includes(kind) : kind !== 'json';
}

/** Escapes LIKE wildcards so a pattern matches the text itself (PostgreSQL's default escape is \). */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);
