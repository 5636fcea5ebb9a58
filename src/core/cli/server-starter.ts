import { token } from '../di/index.js';

/** What `serve` asks of the project's server (src/server.ts). */
export interface ServeRequest {
  host?: string;
  port?: number;
  /** Apply pending migrations before listening (cluster workers leave it to the primary). */
  migrate?: boolean;
  /** Runs once the migrations are applied, before listening; a throw stops the start (`manage serve` checks the schema). */
  beforeListen?: () => Promise<void>;
}

/** Starts the project's HTTP server; resolves once it listens. */
export type ServerStarter = (options: ServeRequest) => Promise<unknown>;

/** The token of the project's `ServerStarter` (src/project.ts provides it): `manage serve` runs it. */
export const ServerStarter = token<ServerStarter>('ServerStarter');
