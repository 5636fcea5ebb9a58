/** The kit's error registry: see registry.ts for every error, its code and status. */
export { KitError, type ErrorDetail } from './kit-error.js';
export * from './registry.js';
