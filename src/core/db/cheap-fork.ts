import type { MikroORM } from '@mikro-orm/core';

/**
 * `em.fork()` (every request's and every `withContext`'s context) sets the `allowGlobalContext` option twice, and
 * MikroORM's `config.set` re-applies the whole configuration each time (`sync()`: it writes
 * `process.env.MIKRO_ORM_COLORS` and the logger's debug mode): two thirds of a fork's cost. Nothing `sync()` does
 * depends on that option, so setting it only stores it. `initDatabase` installs this.
 */
export function installCheapFork(orm: MikroORM): void {
  const config = orm.config;
  const set = config.set.bind(config);
  const options = config.getAll() as { allowGlobalContext?: boolean };
  config.set = ((key: string, value: unknown) => {
    if (key === 'allowGlobalContext') options.allowGlobalContext = value as boolean;
    else set(key as never, value as never);
  }) as typeof config.set;
}
