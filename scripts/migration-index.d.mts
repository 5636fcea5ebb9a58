/** Types of migration-index.mjs, for `makemigrations` (TypeScript). */
export function migrationNames(folder: string): string[];
export function migrationIndexSource(names: readonly string[]): string;
export function syncMigrationIndex(folder: string): { names: string[]; written: boolean };
export function compileMigrations(root: string, files: readonly string[]): Promise<boolean>;
