import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventSubscriber, FlushEventArgs, MikroORM, UnitOfWork } from '@mikro-orm/core';
import { hasWriteReceivers } from './signals.js';

/** Inside `flushAsSingleWrite`: whether the flush still writes one row (re-checked when the flush starts). */
interface SingleWriteScope {
  single: boolean;
}
const scope = new AsyncLocalStorage<SingleWriteScope>();

/**
 * Makes MikroORM's `implicitTransactions` option (BEGIN/COMMIT around every flush outside a transaction) answer
 * per flush: off inside `flushAsSingleWrite` while that flush writes one row, as configured everywhere else.
 * MikroORM reads the option once per flush, after its `onFlush` event; `initDatabase` installs this.
 */
export function installSingleWriteSwitch(orm: MikroORM): void {
  const options = orm.config.getAll() as { implicitTransactions?: boolean };
  let implicit = options.implicitTransactions ?? true;
  Object.defineProperty(options, 'implicitTransactions', {
    configurable: true,
    enumerable: true,
    get: () => implicit && !scope.getStore()?.single,
    set: (value: boolean) => {
      implicit = value;
    },
  });
}

/**
 * At most one change set and nothing else: no collection (many-to-many) rows and no second pass of updates.
 * Collections that write nothing (the other side of a one-to-many the new row joins) are dropped first, as
 * MikroORM's flush drops them (`filterCollectionUpdates`, private in its typings).
 */
function writesOneRowAtMost(uow: UnitOfWork): boolean {
  if (uow.getCollectionUpdates().length > 0) (uow as unknown as { filterCollectionUpdates(): void }).filterCollectionUpdates();
  return uow.getChangeSets().length <= 1 && uow.getCollectionUpdates().length === 0 && uow.getExtraUpdates().size === 0;
}

/**
 * True when flushing `uow` now needs no transaction: it writes nothing, or one statement that is atomic by
 * itself (exactly one row to insert, update or delete, and no before/after signal receiver for that model and
 * change: an after-handler writes more rows in the same transaction, a before-handler may persist some).
 * Computes the change sets, as the flush will again.
 */
export function isSingleWrite(uow: UnitOfWork): boolean {
  uow.computeChangeSets();
  if (uow.getExtraUpdates().size > 0) {
    // Computing them moved conflicting unique values into a second pass: put them back for the real flush.
    for (const [entity, props, values] of uow.getExtraUpdates()) {
      const names = Array.isArray(props) ? props : [props];
      const list = Array.isArray(values) ? values : [values];
      names.forEach((name, i) => ((entity as Record<string, unknown>)[name] = list[i]));
    }
    uow.getExtraUpdates().clear();
    return false;
  }
  if (!writesOneRowAtMost(uow)) return false;
  const [change] = uow.getChangeSets();
  return change === undefined || !hasWriteReceivers(change.entity, change.type);
}

/** Runs `flush` letting its one-row write go without BEGIN/COMMIT (autocommit: the statement is its own transaction). */
export function flushAsSingleWrite<T>(flush: () => Promise<T>): Promise<T> {
  return scope.run({ single: true }, flush);
}

/**
 * Re-checks, as the flush starts (after the before-handlers ran), that a flush let through by `flushAsSingleWrite`
 * still writes one row; if something else changed meanwhile, MikroORM wraps it in its transaction as usual.
 */
export class SingleWriteGuard implements EventSubscriber {
  onFlush({ uow }: FlushEventArgs): void {
    const current = scope.getStore();
    if (current?.single) current.single = writesOneRowAtMost(uow);
  }
}
