/** The management CLI. */
export { buildProgram, runCli } from './program.js';
export { withDatabase } from './bootstrap.js';
