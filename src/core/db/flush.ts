import type { EntityManager } from '@mikro-orm/postgresql';
import { SignalLoop } from '../errors/index.js';
import { hasQueuedAfterHandlers, runAfterHandlers } from './signals.js';
import { compiledFlush } from './compiled-write.js';

/** How many flush rounds after-handlers may trigger before the kit calls it a loop. */
const MAX_ROUNDS = 10;

/**
 * Flushes `em` (a single plain row as one compiled statement, see compiled-write), then runs the after* signal
 * handlers and flushes what they persisted, until nothing is left. `computed`: the change sets of `em` were just
 * computed (`isSingleWrite`), so the first round need not compute them again to see if it can compile.
 * @throws SignalLoop when handlers keep producing work.
 */
export async function flushAll(em: EntityManager, computed = false): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (!(await compiledFlush(em, computed && round === 0))) await em.flush();
    if (!hasQueuedAfterHandlers(em) || !(await runAfterHandlers(em))) return;
  }
  throw new SignalLoop(MAX_ROUNDS);
}
