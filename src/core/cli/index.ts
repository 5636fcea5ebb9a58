/** The management CLI: the program, helpers for commands (apps' included) and the pieces they share. */
export { buildProgram, runCli, configureCommand } from './program.js';
export { withDatabase } from './bootstrap.js';
export { createProgressBar, type ProgressBar, type ProgressOptions } from './progress.js';
export { createPrompter, type Prompter } from './prompt.js';
export { CommandError } from '../errors/index.js';
export { Command } from 'commander';
export { ServerStarter, type ServeRequest } from './server-starter.js';
