import type { FilterQuery } from '@mikro-orm/core';
import { InvalidLookup, UnknownField } from '../errors/index.js';
import { currentEm } from './context.js';
import { FExpression } from './f-expression.js';
import { toWhere } from './lookups.js';
import { isCollection, planOf, type AnyModelClass } from './plan.js';
import { applyData } from './wire.js';

const SYSTEM_PROPS: Record<string, string> = { id: 'id', created_at: 'createdAt', createdAt: 'createdAt', updated_at: 'updatedAt', updatedAt: 'updatedAt' };

/** The property a wire or property name stands for on `ctor` (collections cannot be set by an UPDATE). */
function propertyOf(ctor: AnyModelClass, name: string): string {
  if (Object.hasOwn(SYSTEM_PROPS, name)) return SYSTEM_PROPS[name]!;
  const plan = planOf(ctor);
  const item = plan.byKey.get(name);
  if (!item) throw new UnknownField(`${plan.name} has no field '${name}'. Known fields: ${plan.knownNames.join(', ')}.`);
  if (isCollection(item)) throw new InvalidLookup(`${plan.name}.${name} is a collection: update() sets columns only.`);
  return item.prop;
}

/**
 * `UPDATE <table> SET … WHERE <lookups>` as one statement on the current context (inside a transaction, on its
 * connection); values may be `F()` expressions computed by the database. Returns the number of rows changed.
 */
export async function updateWhere(ctor: AnyModelClass, filters: object, values: Record<string, unknown>): Promise<number> {
  const em = currentEm();
  const meta = em.getMetadata().get(ctor.name);
  const quote = (field: string) => {
    const prop = meta.properties[propertyOf(ctor, field) as never] as { fieldNames?: string[] } | undefined;
    const column = prop?.fieldNames?.[0];
    if (!column) throw new InvalidLookup(`F('${field}') does not name a column of ${ctor.name}.`);
    return em.getPlatform().quoteIdentifier(column);
  };
  const plain: Record<string, unknown> = {};
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value instanceof FExpression) data[propertyOf(ctor, key)] = value.toRaw(quote);
    else plain[key] = value;
  }
  // Plain values get the conversions of assign(): relation ids become references, date strings dates.
  const converted: Record<string, unknown> = {};
  applyData(ctor, converted, plain);
  Object.assign(data, converted);
  if (Object.keys(data).length === 0) throw new InvalidLookup(`${ctor.name}.update() needs at least one value to set.`);
  if (!('updatedAt' in data)) data.updatedAt = new Date();
  const where = toWhere(ctor, filters) as FilterQuery<object>;
  return em.nativeUpdate(ctor.name, where, data);
}

/** `DELETE FROM <table> WHERE <lookups>` as one statement; no signals. Returns the number of rows deleted. */
export async function deleteWhere(ctor: AnyModelClass, filters: object): Promise<number> {
  const where = toWhere(ctor, filters) as FilterQuery<object>;
  return currentEm().nativeDelete(ctor.name, where);
}
