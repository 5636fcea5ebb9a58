import type { KitPGliteDriver } from './pglite-driver.js';

/** The embedded driver's class, once PGlite has been opened (a PostgreSQL process never loads it). */
let embeddedDriver: typeof KitPGliteDriver | undefined;

/** Records the embedded driver's class (`openConnection` does, when it opens PGlite). */
export function setEmbeddedDriver(driver: typeof KitPGliteDriver): void {
  embeddedDriver = driver;
}

/** True when `driver` is the embedded PGlite's. */
export function isEmbeddedDriver(driver: object): boolean {
  return embeddedDriver !== undefined && driver instanceof embeddedDriver;
}
