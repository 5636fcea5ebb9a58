import type { EntityMetadata } from '@mikro-orm/core';

/**
 * An eager to-one relation the compiled read path reads in the model's own statement (a `left join`): its
 * columns come back in the model's rows as `<property>__<column>`.
 */
export interface JoinedRelation {
  /** The relation's property on the model. */
  property: string;
  /** The related model. */
  target: EntityMetadata;
  /** The model's column holding the relation's id. */
  column: string;
  /** The related table's primary-key column the relation references: null when a row has no related row. */
  keyColumn: string;
  /** The related table's columns, as selected. */
  columns: string[];
}

/** A row of such a statement: the model's own columns as they came, and each relation's under their own names. */
export function splitJoinedRow(row: Record<string, unknown>, joins: readonly JoinedRelation[]): { own: Record<string, unknown>; related: Array<Record<string, unknown>> } {
  const own: Record<string, unknown> = {};
  const related = joins.map(() => ({}) as Record<string, unknown>);
  for (const key in row) {
    const at = key.indexOf('__');
    if (at < 0) own[key] = row[key];
    else {
      const property = key.slice(0, at);
      related[joins.findIndex((join) => join.property === property)]![key.slice(at + 2)] = row[key];
    }
  }
  return { own, related };
}
