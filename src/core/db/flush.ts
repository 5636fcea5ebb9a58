import type { EntityManager } from '@mikro-orm/postgresql';
import { SignalLoop } from '../errors/index.js';
import { runAfterHandlers } from './signals.js';

/** How many flush rounds after-handlers may trigger before the kit calls it a loop. */
const MAX_ROUNDS = 10;

/**
 * Flushes `em`, then runs the after* signal handlers and flushes what they persisted, until nothing is left.
 * @throws SignalLoop when handlers keep producing work.
 */
export async function flushAll(em: EntityManager): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    await em.flush();
    if (!(await runAfterHandlers(em))) return;
  }
  throw new SignalLoop(MAX_ROUNDS);
}
