import { AsyncLocalStorage } from 'node:async_hooks';
import type { CreateContextOptions, ForkOptions, MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NoDatabaseContext } from '../errors/index.js';
import { flushAll } from './flush.js';
import { runInCommitScope } from './commit-scope.js';
import { snapshotEntities } from './entity-state.js';
import { flushAsSingleWrite, isSingleWrite } from './single-write.js';
import { mikroOrm } from './mikro-orm.js';

const { RequestContext, TransactionContext } = mikroOrm;

let ormInstance: MikroORM | undefined;
let fallback: EntityManager | undefined;

/** Registers the ORM the active record uses (done by `initDatabase`). */
export function bindOrm(orm: MikroORM | undefined): void {
  ormInstance = orm;
}

/** The initialised ORM; throws when `initDatabase()` has not run. */
export function getOrm(): MikroORM {
  if (!ormInstance) throw new Error('The database is not initialised: call initDatabase() first.');
  return ormInstance;
}

/** True once `initDatabase()` has run and until `closeDatabase()`. */
export function isDatabaseReady(): boolean {
  return ormInstance !== undefined;
}

/**
 * The context used when no request or transaction context exists. Production leaves it unset;
 * the test toolkit sets it to the test's transactional fork so that fixtures, the test body and
 * every request share one rolled-back transaction.
 */
export function setFallbackEntityManager(em: EntityManager | undefined): void {
  fallback = em;
}

/** The resolver MikroORM calls (its `context` option) to find the current EntityManager. */
export function resolveContext(name: string): EntityManager | undefined {
  return (RequestContext.getEntityManager(name) as EntityManager | undefined) ?? fallback;
}

/**
 * The EntityManager of the current context: the open transaction, else the request's fork, else the test fork.
 * Never the global EntityManager, whose identity map would leak between requests.
 * @throws NoDatabaseContext outside any context.
 */
export function currentEm(): EntityManager {
  const orm = getOrm();
  const em = orm.em.getContext(false) as EntityManager;
  if (em === orm.em) throw new NoDatabaseContext();
  return em;
}

/**
 * Runs `fn` in its own database context (one identity map for the whole callback). Use it in scripts, jobs and
 * CLI commands; HTTP requests get one automatically.
 * @example await withContext(async () => { const n = await Post.count(); });
 */
export function withContext<T>(fn: () => Promise<T>): Promise<T> {
  const orm = getOrm();
  // keepTransactionContext is honoured at run time (it is spread into em.fork) but missing from the typings.
  const options = { keepTransactionContext: true } as CreateContextOptions;
  return RequestContext.create(orm.em, fn, options);
}

const transactionStorage = (TransactionContext as unknown as { storage: AsyncLocalStorage<unknown> }).storage;
const requestStorage = (RequestContext as unknown as { storage: AsyncLocalStorage<{ map: unknown }> }).storage;
const LAZY_FORK: ForkOptions = { useContext: true, keepTransactionContext: true, disableContextResolution: true } as ForkOptions;

/**
 * A request's EntityManager, forked from `parent` when something first asks for it (MikroORM reads a request
 * context only through `map.get(name)`). A fork is a new unit of work, identity map and configuration copy per
 * request; a public read of read-only rows needs none of them (see `readEm`).
 */
class LazyFork {
  private fork: EntityManager | undefined;
  private forking = false;

  constructor(readonly parent: EntityManager) {}

  get made(): boolean {
    return this.fork !== undefined;
  }

  get(name: string): EntityManager | undefined {
    if (name !== this.parent.name || this.forking) return this.fork;
    if (!this.fork) {
      // A fork under construction asks for the current context (its unit of work does): there is none yet, as
      // inside MikroORM's own RequestContext.create.
      this.forking = true;
      try {
        this.fork = this.parent.fork(LAZY_FORK) as EntityManager;
      } finally {
        this.forking = false;
      }
    }
    return this.fork;
  }
}

/**
 * Runs `fn` in a request context whose EntityManager is forked on first use, from the context it starts in (the
 * test's transactional fork under the test toolkit, else the ORM's): what MikroORM's `RequestContext.create` does,
 * without the fork a request may never need. The HTTP layer gives every request one.
 */
export function runInRequestContext<T>(fn: () => T): T {
  const parent = getOrm().em.getContext(false) as EntityManager;
  return requestStorage.run(new RequestContext(new LazyFork(parent) as unknown as Map<string, EntityManager>), fn);
}

/**
 * The EntityManager for a read that touches no identity map (read-only rows, counts): the current one, or, in a
 * request that has not needed its fork yet, the EntityManager it would fork from. Same connection and transaction
 * as the fork would have (it keeps its parent's transaction context), no fork made.
 */
export function readEm(): EntityManager {
  const forks = requestStorage.getStore()?.map;
  if (forks instanceof LazyFork && !forks.made && !TransactionContext.getEntityManager(forks.parent.name)) return forks.parent;
  return currentEm();
}

/**
 * Runs `fn` with any inherited TransactionContext dropped. An in-process HTTP request started from inside
 * `transaction(fn)` would otherwise run on that transaction's EntityManager instead of its own fork.
 */
export function outsideTransactionContext<T>(fn: () => T): T {
  // exit() disables the storage and enables it again, on every request: only when there is something to drop.
  return transactionStorage.getStore() === undefined ? fn() : transactionStorage.exit(fn);
}

/**
 * Runs `fn` in a database transaction: every model call inside joins it; a throw rolls all of it back.
 * Nested calls become savepoints. Pending changes are flushed before the commit; `afterCommit` signals fire
 * once the outermost transaction has committed.
 * @example await transaction(async () => { await a.save(); await b.save(); });
 */
export function transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
  const orm = getOrm();
  return runInCommitScope(() =>
    orm.em.transactional(async (em) => {
      const result = await fn(em as EntityManager);
      await flushAll(em as EntityManager);
      return result;
    }),
  );
}

/**
 * Runs `fn(em)` atomically on the current context: a savepoint inside a transaction, else its own transaction,
 * or no transaction at all when what it writes is one statement (one row, no signal receivers for it), which is
 * atomic by itself. The framework's writes go through it, so a failed write never poisons an enclosing
 * transaction; `targets` are put back in their unsaved state when the write fails.
 */
export async function atomic<T>(fn: (em: EntityManager) => Promise<T> | T, targets: readonly object[] = []): Promise<T> {
  const em = currentEm();
  const snapshot = snapshotEntities(targets);
  const inTransaction = (tem: EntityManager) => async () => {
    const result = await fn(tem);
    await flushAll(tem);
    return result;
  };
  let pending: PendingStacks | undefined;
  try {
    return await runInCommitScope(async () => {
      if (em.isInTransaction()) return em.transactional((tem) => inTransaction(tem as EntityManager)());
      pending = pendingStacks(em);
      // fn is mostly synchronous (a persist): no await, and no extra turn of the event loop, for those.
      const value = fn(em);
      const result = value instanceof Promise ? await value : (value as T);
      if (isSingleWrite(em.getUnitOfWork())) {
        await flushAsSingleWrite(() => flushAll(em, true));
        return result;
      }
      // More than one statement: the transaction's fork does the write, as `fn` does it again there.
      pending.restore();
      return em.transactional((tem) => inTransaction(tem as EntityManager)());
    });
  } catch (error) {
    // The write was rolled back: the entities must look unsaved again, or a retry would write nothing; and
    // nothing of it stays queued on the context, or its next flush would try it again.
    pending?.restore();
    snapshot.restore();
    throw error;
  }
}

interface PendingStacks {
  /** Drops what was queued (persisted or removed) since the stacks were recorded. */
  restore(): void;
}

/** Records which entities `em` has queued to persist or remove, so a trial `fn(em)` can be taken back. */
function pendingStacks(em: EntityManager): PendingStacks {
  const uow = em.getUnitOfWork();
  const persisted = new Set(uow.getPersistStack());
  const removed = new Set(uow.getRemoveStack());
  const drop = (stack: Set<object>, kept: Set<object>) => {
    for (const entity of stack) if (!kept.has(entity)) stack.delete(entity);
  };
  return {
    restore() {
      drop(uow.getPersistStack(), persisted);
      drop(uow.getRemoveStack(), removed);
    },
  };
}
