import { z } from 'zod';
import { Controller, route } from '../../../core/http/index.js';
import { FixtureError, ServiceUnavailable } from '../../../core/errors/index.js';
import { loadFixturesTask, waitForResult } from '../../../core/tasks/index.js';
import { AdminAccess } from '../../user/dependencies/index.js';

const count = z.number().int();
const LoadResult = z
  .object({ status: z.enum(['SUCCESS', 'FAILURE']), msg: z.string(), loaded: count, created: count, updated: count, unchanged: count })
  .openapi('FixturesLoadResult');

/**
 * POST /default/fixtures/: loads INITIAL_FIXTURES through the load-fixtures task and waits for it (10 s), as the
 * original's `load_fixtures_task.delay().get(timeout=10)`: a worker runs it with REDIS_URL, the request itself
 * without. Like `npm run seed` it is repeatable (rows that exist are updated, not duplicated) and answers the
 * same counts. Admins only (the original let anyone).
 */
@Controller('/default', { tags: ['Default'] })
export class FixturesController {
  @route.post('/fixtures/', { name: 'load-fixtures', dependencies: [AdminAccess], response: LoadResult })
  async load() {
    try {
      const result = await waitForResult(await loadFixturesTask.enqueue({}), 10_000);
      return { status: 'SUCCESS' as const, msg: 'Loading fixtures process finished.', ...result };
    } catch (error) {
      if (error instanceof ServiceUnavailable) throw error;
      // A fixture error names the file and entry and never carries SQL or values: safe to show to the admin.
      const msg = error instanceof FixtureError ? error.message : 'Loading fixtures failed.';
      return { status: 'FAILURE' as const, msg, loaded: 0, created: 0, updated: 0, unchanged: 0 };
    }
  }
}
