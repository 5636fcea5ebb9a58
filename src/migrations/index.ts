import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125195019_initial } from './Migration20261125195019_initial.js';
import { Migration20261125195943_hero } from './Migration20261125195943_hero.js';
import { Migration20261125200639_authorization } from './Migration20261125200639_authorization.js';
import { Migration20261125201225_authentication } from './Migration20261125201225_authentication.js';
import { Migration20261125201804_blog_statistics } from './Migration20261125201804_blog_statistics.js';
import { Migration20261201093735_chat } from './Migration20261201093735_chat.js';
import { Migration20261201093812_web_session } from './Migration20261201093812_web_session.js';

/**
 * Every migration of the project, oldest first. `npm run makemigrations` writes a new file here and regenerates
 * this list (so does the build, from the files present); the server and `npm run migrate` apply it (no folder
 * scanning, so dist/ and src/ agree).
 */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261125195019_initial', class: Migration20261125195019_initial },
  { name: 'Migration20261125195943_hero', class: Migration20261125195943_hero },
  { name: 'Migration20261125200639_authorization', class: Migration20261125200639_authorization },
  { name: 'Migration20261125201225_authentication', class: Migration20261125201225_authentication },
  { name: 'Migration20261125201804_blog_statistics', class: Migration20261125201804_blog_statistics },
  { name: 'Migration20261201093735_chat', class: Migration20261201093735_chat },
  { name: 'Migration20261201093812_web_session', class: Migration20261201093812_web_session },
];
