import { token } from '../di/index.js';
import type { KitApp } from './app.js';

/** Builds the project's app (`createApp` of src/main.ts). */
export type AppFactory = () => Promise<KitApp>;

/** The token of the project's `AppFactory` (src/project.ts provides it): the test client serves that app. */
export const AppFactory = token<AppFactory>('AppFactory');
