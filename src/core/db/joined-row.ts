/**
 * A row of a statement that joins relations (the compiled read path's eager to-one relations): the model's own
 * columns as they came, and each relation's columns, selected as `<property>__<column>`, under their own names.
 */
export function splitJoinedRow(row: Record<string, unknown>, properties: readonly string[]): { own: Record<string, unknown>; related: Array<Record<string, unknown>> } {
  const own: Record<string, unknown> = {};
  const related = properties.map(() => ({}) as Record<string, unknown>);
  for (const key in row) {
    const at = key.indexOf('__');
    if (at < 0) own[key] = row[key];
    else related[properties.indexOf(key.slice(0, at))]![key.slice(at + 2)] = row[key];
  }
  return { own, related };
}
