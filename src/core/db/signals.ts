import type { EventSubscriber, FlushEventArgs, UnitOfWork } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { onCommit } from './commit-scope.js';
import { mikroOrm } from './mikro-orm.js';

const { ChangeSetType } = mikroOrm;

/** What a handler receives besides the entity: the EntityManager doing the write (persist extra rows on it). */
export interface SignalContext {
  em: EntityManager;
  /** Properties this write changes (all set ones on insert); empty for deletes and afterCommit. */
  changed: ReadonlySet<string>;
}
const NOTHING: ReadonlySet<string> = new Set();

/** A signal handler; returning a promise makes the write wait for it. */
export type SignalHandler<E> = (entity: E, context: SignalContext) => void | Promise<void>;
/** Handler of `tableCreated`: the table name (as in the database) and an EntityManager in the migration's context. */
export type TableCreatedHandler = (table: string, context: { em: EntityManager }) => void | Promise<void>;
/** Handler of `tableDropped`: the table a migration dropped, and the tables that still exist (as in the database). */
export type TableDroppedHandler = (table: string, context: { em: EntityManager; tables: ReadonlySet<string> }) => void | Promise<void>;

type EntityEvent = 'beforeInsert' | 'afterInsert' | 'beforeUpdate' | 'afterUpdate' | 'beforeDelete' | 'afterDelete' | 'afterCommit';
type ModelClass<E> = abstract new (...args: never[]) => E;

const handlers = new Map<EntityEvent, Map<ModelClass<object>, Set<SignalHandler<object>>>>();
const tableHandlers = new Set<TableCreatedHandler>();
const droppedTableHandlers = new Set<TableDroppedHandler>();

function register<E extends object>(event: EntityEvent, model: ModelClass<E>, handler: SignalHandler<E>): () => void {
  let byModel = handlers.get(event);
  if (!byModel) handlers.set(event, (byModel = new Map()));
  let set = byModel.get(model as ModelClass<object>);
  if (!set) byModel.set(model as ModelClass<object>, (set = new Set()));
  set.add(handler as SignalHandler<object>);
  return () => set.delete(handler as SignalHandler<object>);
}

/** The handlers of `event` that apply to `entity`: those registered on its class or on a parent class. */
function handlersFor(event: EntityEvent, entity: object): SignalHandler<object>[] {
  const byModel = handlers.get(event);
  if (!byModel) return [];
  const found: SignalHandler<object>[] = [];
  for (const [model, set] of byModel) if (entity instanceof model) found.push(...set);
  return found;
}

async function emit(event: EntityEvent, entity: object, context: SignalContext): Promise<void> {
  for (const handler of handlersFor(event, entity)) await handler(entity, context);
}

/**
 * Model signals: handlers that run around writes. Each registration returns a function that removes it.
 * A before* handler may change the entity (the change is saved) or throw (the write is aborted and the error
 * reaches the caller). An after* handler sees the stored row (with its id) and may persist other rows on
 * `context.em`: they are written in the same transaction. `afterCommit` runs once the outermost transaction
 * has committed. Signals fire for save, delete, bulkSave and bulkDelete; not for `truncate`.
 * @example signals.beforeInsert(Post, (post) => { post.title = post.title.trim(); });
 */
export const signals = {
  beforeInsert: <E extends object>(model: ModelClass<E>, handler: SignalHandler<E>) => register('beforeInsert', model, handler),
  afterInsert: <E extends object>(model: ModelClass<E>, handler: SignalHandler<E>) => register('afterInsert', model, handler),
  beforeUpdate: <E extends object>(model: ModelClass<E>, handler: SignalHandler<E>) => register('beforeUpdate', model, handler),
  afterUpdate: <E extends object>(model: ModelClass<E>, handler: SignalHandler<E>) => register('afterUpdate', model, handler),
  beforeDelete: <E extends object>(model: ModelClass<E>, handler: SignalHandler<E>) => register('beforeDelete', model, handler),
  afterDelete: <E extends object>(model: ModelClass<E>, handler: SignalHandler<E>) => register('afterDelete', model, handler),
  afterCommit: <E extends object>(model: ModelClass<E>, handler: SignalHandler<E>) => register('afterCommit', model, handler),
  /** Fires for every table a migration creates (the permission generator uses it). */
  tableCreated: (handler: TableCreatedHandler) => {
    tableHandlers.add(handler);
    return () => tableHandlers.delete(handler);
  },
  /** Fires for every table a migration drops (the permission generator removes what it generated). */
  tableDropped: (handler: TableDroppedHandler) => {
    droppedTableHandlers.add(handler);
    return () => droppedTableHandlers.delete(handler);
  },
};

/** Fires the `tableCreated` handlers for each table, in order. */
export async function emitTableCreated(tables: string[], context: { em: EntityManager }): Promise<void> {
  for (const table of tables) for (const handler of tableHandlers) await handler(table, context);
}

/** Fires the `tableDropped` handlers for each table, in order. */
export async function emitTableDropped(tables: string[], context: { em: EntityManager; tables: ReadonlySet<string> }): Promise<void> {
  for (const table of tables) for (const handler of droppedTableHandlers) await handler(table, context);
}

const BEFORE = { [ChangeSetType.CREATE]: 'beforeInsert', [ChangeSetType.UPDATE]: 'beforeUpdate', [ChangeSetType.DELETE]: 'beforeDelete' } as const;
const AFTER = { [ChangeSetType.CREATE]: 'afterInsert', [ChangeSetType.UPDATE]: 'afterUpdate', [ChangeSetType.DELETE]: 'afterDelete' } as const;

/**
 * True when a before- or after-handler is connected for this change of `entity` (on its model or a parent):
 * such a write needs a transaction. Early updates and deletes (MikroORM's reordering of a flush) count as yes.
 */
export function hasWriteReceivers(entity: object, type: string): boolean {
  const before = BEFORE[type as keyof typeof BEFORE];
  const after = AFTER[type as keyof typeof AFTER];
  if (!before || !after) return true;
  return handlersFor(before, entity).length > 0 || handlersFor(after, entity).length > 0;
}

/** True when an update of a row of `model` would run a handler: before/after update, or afterCommit. */
export function hasUpdateReceivers(model: abstract new (...args: never[]) => object): boolean {
  const row = Object.create(model.prototype as object) as object;
  return hasWriteReceivers(row, ChangeSetType.UPDATE) || handlersFor('afterCommit', row).length > 0;
}

interface PendingEvent {
  event: EntityEvent;
  entity: object;
  changed: ReadonlySet<string>;
}

/** After-events of the last flush, per EntityManager, waiting for `runAfterHandlers`. */
const pending = new WeakMap<EntityManager, PendingEvent[]>();

/** True when the last flush of `em` queued after* or afterCommit handlers (`runAfterHandlers` has work). */
export function hasQueuedAfterHandlers(em: EntityManager): boolean {
  return (pending.get(em)?.length ?? 0) > 0;
}

/**
 * Runs the after* handlers queued by the last flush of `em` and schedules the afterCommit ones.
 * Returns true when handlers ran (the caller flushes again to write what they persisted).
 */
export async function runAfterHandlers(em: EntityManager): Promise<boolean> {
  const events = pending.get(em);
  if (!events || events.length === 0) return false;
  pending.delete(em);
  for (const { event, entity, changed } of events) {
    if (event === 'afterCommit') {
      await onCommit(() => emit('afterCommit', entity, { em, changed: NOTHING }));
    } else {
      await emit(event, entity, { em, changed });
    }
  }
  return true;
}

/** True when some handler is registered for an entity event (lets flushes skip all signal work otherwise). */
function anyEntityHandlers(): boolean {
  for (const byModel of handlers.values()) for (const set of byModel.values()) if (set.size > 0) return true;
  return false;
}

/**
 * The MikroORM subscriber behind signals. before* handlers run in `onFlush`, before any SQL, so a throw writes
 * nothing; after* events are queued for `runAfterHandlers`, because handlers that persist rows need a new flush,
 * which MikroORM forbids inside its own flush events.
 */
export class SignalSubscriber implements EventSubscriber {
  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    if (!anyEntityHandlers()) return;
    const events: PendingEvent[] = [];
    for (const changeSet of uow.getChangeSets()) {
      const entity = changeSet.entity as object;
      const before = BEFORE[changeSet.type as keyof typeof BEFORE];
      if (!before) continue;
      const changed: ReadonlySet<string> = changeSet.type === ChangeSetType.DELETE ? NOTHING : new Set(Object.keys(changeSet.payload ?? {}));
      const beforeHandlers = handlersFor(before, entity);
      if (beforeHandlers.length > 0) {
        const persisted = new Set(uow.getPersistStack());
        for (const handler of beforeHandlers) await handler(entity, { em: em as EntityManager, changed });
        if (changeSet.type !== ChangeSetType.DELETE) uow.recomputeSingleChangeSet(entity);
        computeNewlyPersisted(uow, persisted);
      }
      const after = AFTER[changeSet.type as keyof typeof AFTER];
      if (handlersFor(after, entity).length > 0) events.push({ event: after, entity, changed });
      if (handlersFor('afterCommit', entity).length > 0) events.push({ event: 'afterCommit', entity, changed: NOTHING });
    }
    // A flush that failed after onFlush left stale events: each flush replaces them.
    pending.set(em as EntityManager, events);
  }
}

/**
 * What `SignalSubscriber.onFlush` records for a write the kit sent itself (compiled-write: one row of a model with
 * no before/after receivers): the row's afterCommit event if it has receivers, in place of an earlier flush's events.
 */
export function queueCompiledWriteSignals(em: EntityManager, entity: object): void {
  if (!anyEntityHandlers()) return;
  pending.set(em, handlersFor('afterCommit', entity).length > 0 ? [{ event: 'afterCommit', entity, changed: NOTHING }] : []);
}

/** Entities a before-handler persisted join the running flush. */
function computeNewlyPersisted(uow: UnitOfWork, before: Set<object>): void {
  for (const entity of uow.getPersistStack()) {
    if (!before.has(entity) && !uow.getChangeSets().some((cs) => cs.entity === entity)) uow.computeChangeSet(entity);
  }
}
