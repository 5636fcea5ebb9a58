import type { MigrationList } from '../core/db/index.js';

/**
 * Every migration of the project, oldest first. `npm run makemigrations` writes a new file here and regenerates
 * this list; the server and `npm run migrate` apply it (no folder scanning, so dist/ and src/ agree). A migration
 * is imported only when migrations run: a server whose database is up to date loads none of them.
 */
export const migrations: MigrationList = [
  { name: 'Migration20261125195019_initial', load: async () => (await import('./Migration20261125195019_initial.js')).Migration20261125195019_initial },
  { name: 'Migration20261125195943_hero', load: async () => (await import('./Migration20261125195943_hero.js')).Migration20261125195943_hero },
  { name: 'Migration20261125200639_authorization', load: async () => (await import('./Migration20261125200639_authorization.js')).Migration20261125200639_authorization },
  { name: 'Migration20261125201225_authentication', load: async () => (await import('./Migration20261125201225_authentication.js')).Migration20261125201225_authentication },
  { name: 'Migration20261125201804_blog_statistics', load: async () => (await import('./Migration20261125201804_blog_statistics.js')).Migration20261125201804_blog_statistics },
  { name: 'Migration20261201093735_chat', load: async () => (await import('./Migration20261201093735_chat.js')).Migration20261201093735_chat },
  { name: 'Migration20261201093812_web_session', load: async () => (await import('./Migration20261201093812_web_session.js')).Migration20261201093812_web_session },
];
