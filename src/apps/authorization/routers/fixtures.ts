import { z } from 'zod';
import { Controller, route } from '../../../core/http/index.js';
import { FixtureError } from '../../../core/errors/index.js';
import { loadFixtures } from '../../../core/fixtures/index.js';
import { describeDatabaseError } from '../../../core/db/index.js';
import { getSettings } from '../../../settings/index.js';
import { AdminAccess } from '../../user/dependencies/index.js';

const LoadResult = z.object({ status: z.enum(['SUCCESS', 'REJECTED', 'FAILURE']), msg: z.string(), loaded: z.number().int() }).openapi('FixturesLoadResult');

/** POST /default/fixtures/: loads INITIAL_FIXTURES. D9: admins only (the original let anyone). */
@Controller('/default', { tags: ['Default'] })
export class FixturesController {
  @route.post('/fixtures/', { name: 'load-fixtures', dependencies: [AdminAccess], response: LoadResult })
  async load() {
    try {
      const report = await loadFixtures(getSettings().INITIAL_FIXTURES);
      return { status: 'SUCCESS' as const, msg: 'Loading fixtures process finished.', loaded: report.total };
    } catch (error) {
      const unique = error instanceof FixtureError && describeDatabaseError(error.cause)?.kind === 'unique';
      if (unique) return { status: 'REJECTED' as const, msg: 'Fixtures already loaded.', loaded: 0 };
      return { status: 'FAILURE' as const, msg: 'Loading fixtures process finished.', loaded: 0 };
    }
  }
}
