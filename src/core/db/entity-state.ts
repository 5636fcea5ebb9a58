import { mikroOrm } from './mikro-orm.js';

const { helper, Reference } = mikroOrm;

/** MikroORM's per-entity bookkeeping that a flush changes. */
interface Wrapped {
  __managed?: boolean;
  __originalEntityData?: unknown;
  __touched: boolean;
  __identifier?: unknown;
  __pk?: unknown;
  __em?: unknown;
}

interface Snapshot {
  entity: Record<string, unknown>;
  wrapped: Wrapped;
  state: Pick<Wrapped, '__managed' | '__originalEntityData' | '__touched' | '__em'>;
  id: unknown;
}

function take(entity: object): Snapshot {
  const wrapped = helper(entity) as unknown as Wrapped;
  return {
    entity: entity as Record<string, unknown>,
    wrapped,
    state: { __managed: wrapped.__managed, __originalEntityData: wrapped.__originalEntityData, __touched: wrapped.__touched, __em: wrapped.__em },
    id: (entity as { id?: unknown }).id,
  };
}

/**
 * Records the persistence state of entities (and of the entities their relations point at) before a write.
 * MikroORM marks entities as stored when it flushes, and keeps those marks when the transaction rolls back: a
 * new entity would keep the id of a cancelled insert and the next save() would silently write nothing.
 * `restore()` puts the marks back so a retry writes again.
 */
export function snapshotEntities(entities: readonly object[]): { restore(): void } {
  const seen = new Set<object>();
  const snapshots: Snapshot[] = [];
  const visit = (entity: object) => {
    if (seen.has(entity)) return;
    seen.add(entity);
    snapshots.push(take(entity));
  };
  for (const entity of entities) {
    visit(entity);
    for (const value of Object.values(entity)) {
      if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
        const target = Reference.unwrapReference(value as object);
        if (target && typeof target === 'object' && '__helper' in target) visit(target);
      }
    }
  }
  return {
    restore() {
      for (const { entity, wrapped, state, id } of snapshots) {
        Object.assign(wrapped, state);
        if (id === undefined) {
          delete entity.id;
          delete wrapped.__identifier;
          delete wrapped.__pk;
        }
      }
    },
  };
}
