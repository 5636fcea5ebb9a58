import { z } from 'zod';
import { Controller, route } from '../../../core/http/index.js';
import { FixtureError } from '../../../core/errors/index.js';
import { loadFixtures } from '../../../core/fixtures/index.js';
import { getSettings } from '../../../settings/index.js';
import { AdminAccess } from '../dependencies/index.js';

const count = z.number().int();
const LoadResult = z
  .object({ status: z.enum(['SUCCESS', 'FAILURE']), msg: z.string(), loaded: count, created: count, updated: count, unchanged: count })
  .openapi('FixturesLoadResult');

/**
 * POST /default/fixtures/: loads INITIAL_FIXTURES, as `npm run seed` does: repeatable (rows that exist are
 * updated, not duplicated), with the same counts. Admins only (the original let anyone).
 */
@Controller('/default', { tags: ['Default'] })
export class FixturesController {
  @route.post('/fixtures/', { name: 'load-fixtures', dependencies: [AdminAccess], response: LoadResult })
  async load() {
    try {
      const report = await loadFixtures(getSettings().INITIAL_FIXTURES);
      const { created, updated, unchanged, total } = report;
      return { status: 'SUCCESS' as const, msg: 'Loading fixtures process finished.', loaded: total, created, updated, unchanged };
    } catch (error) {
      // A fixture error names the file and entry and never carries SQL or values: safe to show to the admin.
      if (!(error instanceof FixtureError)) throw error;
      return { status: 'FAILURE' as const, msg: error.message, loaded: 0, created: 0, updated: 0, unchanged: 0 };
    }
  }
}
