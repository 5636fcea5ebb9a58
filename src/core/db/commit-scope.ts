import { AsyncLocalStorage } from 'node:async_hooks';

type Callback = () => void | Promise<void>;

interface CommitScope {
  callbacks: Callback[];
}

const storage = new AsyncLocalStorage<CommitScope>();

/**
 * Runs `fn` as one commit unit: callbacks registered with `onCommit` inside it run after `fn` succeeds, in order,
 * and are dropped if it throws. Nested scopes join the outermost one, so `afterCommit` signals wait for the
 * outermost `transaction()` (or kit write) to finish.
 */
export async function runInCommitScope<T>(fn: () => Promise<T>): Promise<T> {
  if (storage.getStore()) return fn();
  const scope: CommitScope = { callbacks: [] };
  const result = await storage.run(scope, fn);
  // Callbacks may register more callbacks (a handler that saves); drain until empty.
  while (scope.callbacks.length > 0) {
    const callback = scope.callbacks.shift()!;
    await callback();
  }
  return result;
}

/** Runs `callback` after the current commit unit succeeds, or now when there is none (the write already committed). */
export async function onCommit(callback: Callback): Promise<void> {
  const scope = storage.getStore();
  if (scope) scope.callbacks.push(callback);
  else await callback();
}
