import { z } from 'zod';
import { Controller, route } from '../../../core/http/index.js';
import { FixtureError, ServiceUnavailable } from '../../../core/errors/index.js';
import { loadFixturesTask, waitForResult } from '../../../core/tasks/index.js';
import { describeDatabaseError } from '../../../core/db/index.js';
import { AdminAccess } from '../dependencies/index.js';

const LoadResult = z.object({ status: z.enum(['SUCCESS', 'REJECTED', 'FAILURE']), msg: z.string(), loaded: z.number().int() }).openapi('FixturesLoadResult');

/**
 * POST /default/fixtures/: loads INITIAL_FIXTURES through the load-fixtures task and waits for it (10 s), as the
 * original's `load_fixtures_task.delay().get(timeout=10)`: a worker runs it with REDIS_URL, the request itself
 * without. D9: admins only (the original let anyone).
 */
@Controller('/default', { tags: ['Default'] })
export class FixturesController {
  @route.post('/fixtures/', { name: 'load-fixtures', dependencies: [AdminAccess], response: LoadResult })
  async load() {
    try {
      const loaded = await waitForResult(await loadFixturesTask.enqueue({}), 10_000);
      return { status: 'SUCCESS' as const, msg: 'Loading fixtures process finished.', loaded };
    } catch (error) {
      if (error instanceof ServiceUnavailable) throw error;
      // In-process the FixtureError keeps its cause; from a worker only the failure reason travels back.
      const unique = error instanceof FixtureError ? describeDatabaseError(error.cause)?.kind === 'unique' : /duplicate key|unique constraint/i.test(String(error));
      if (unique) return { status: 'REJECTED' as const, msg: 'Fixtures already loaded.', loaded: 0 };
      return { status: 'FAILURE' as const, msg: 'Loading fixtures process finished.', loaded: 0 };
    }
  }
}
