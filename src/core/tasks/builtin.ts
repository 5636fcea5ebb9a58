import { z } from 'zod';
import { loadFixtures, type FixtureSource } from '../fixtures/index.js';
import { getLogger } from '../logging/index.js';
import { getSettings } from '../../settings/index.js';
import { schedule } from './schedules.js';
import { defineTask } from './task.js';

/** The original's liveness task: proves a worker takes and finishes jobs. Returns true. */
export const liveness = defineTask(
  'core.liveness',
  () => {
    getLogger().debug('liveness task ran');
    return true as const;
  },
  { schema: z.object({}).strict(), timeout: 10_000 },
);

/** Every five minutes (the original's beat entry said so but ran hourly: `crontab(minute=5)`). */
schedule('core.liveness-every-5-minutes', liveness, { cron: '*/5 * * * *' }, {});

const FixturesPayload = z
  .object({
    apps: z.array(z.string().min(1)).default([]),
    names: z.array(z.string().min(1)).default([]),
    paths: z.array(z.string().min(1)).default([]),
  })
  .strict();

/**
 * The original's load-fixtures task: loads fixtures by app, name or path (INITIAL_FIXTURES when none is given),
 * each file atomically and repeatably (rows that exist are updated, not duplicated); returns the entries loaded
 * and how many rows were created, updated and left unchanged.
 */
export const loadFixturesTask = defineTask(
  'core.load-fixtures',
  async ({ apps, names, paths }) => {
    const sources: FixtureSource[] = [...apps.map((app) => ({ app })), ...names.map((name) => ({ name })), ...paths.map((path) => ({ path }))];
    if (sources.length === 0) sources.push(...getSettings().INITIAL_FIXTURES.map((name) => ({ name })));
    const { total, created, updated, unchanged } = await loadFixtures(sources);
    return { loaded: total, created, updated, unchanged };
  },
  { schema: FixturesPayload, timeout: 10 * 60_000 },
);
