import type { MigrationObject } from '@mikro-orm/core';

/**
 * Every migration of the project, oldest first. `npm run makemigrations` writes a new file here and adds it to
 * this list; the server and `npm run migrate` apply the list (no folder scanning, so dist/ and src/ agree).
 */
export const migrations: MigrationObject[] = [];
