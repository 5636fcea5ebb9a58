/** The kit's error registry: see registry.ts for every error, its code and status. */
export { KitError, type ErrorDetail, type KitErrorOptions } from './kit-error.js';
export * from './registry.js';
export { fromRequestError } from './request-errors.js';
