/** Fixed values of the kit: not configurable per environment. */

/** The environments a process can run in; `APP_ENVIRONMENT` picks one. */
export const ENVIRONMENTS = ['dev', 'test', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Default page size and its ceiling for `Model.paginate` (as fastapi-pagination). */
export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MAX = 100;

/** Default `offset`/`limit` of `Model.all` and `Model.filter` (as the original). */
export const QUERY_OFFSET_DEFAULT = 0;
export const QUERY_LIMIT_DEFAULT = 100;

/** Where the embedded database keeps its files when `DATABASE_URL` is unset (relative to the project root). */
export const PGLITE_DATA_DIR = '.data/pglite';
