import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { projectRoot } from './paths.js';
import { settingsSchema, type Settings } from './schema.js';

export * from './constants.js';
export { projectRoot, srcRoot, appsRoot } from './paths.js';
export type { Settings } from './schema.js';

/** A setting is missing or invalid: start-up stops with this one line. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Reads `envs/<APP_ENVIRONMENT>.env` if it exists; the process environment wins over it. */
function readEnvironment(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const environment = env.APP_ENVIRONMENT ?? 'dev';
  const file = join(projectRoot, 'envs', `${environment}.env`);
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/**
 * Validates the environment into typed settings.
 * @throws SettingsError naming the first bad variable, e.g. `Invalid setting SECRET_KEY: is required when APP_ENVIRONMENT=prod`.
 * @example const s = loadSettings({ APP_ENVIRONMENT: 'test' });
 */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // Parsed once per process: zod's compiled fast path (generated code for the whole object) would cost more to
  // build than it saves, some 10 ms of the start.
  const parsed = settingsSchema.safeParse(readEnvironment(env), { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join('.') || 'environment';
    throw new SettingsError(`Invalid setting ${name}: ${issue.message}`);
  }
  const value = parsed.data;
  const isTest = value.APP_ENVIRONMENT === 'test';
  return {
    ...value,
    DEBUG: value.APP_ENVIRONMENT !== 'prod',
    PASSWORD_HASH_ROUNDS: value.PASSWORD_HASH_ROUNDS ?? (isTest ? 4 : 12),
    // Outside prod a fixed development key is acceptable; prod refuses to start without one (see the schema).
    SECRET_KEY: value.SECRET_KEY ?? `insecure-${value.APP_ENVIRONMENT}-secret-key-change-me`,
  };
}

let cached: Settings | undefined;

/** The process's settings, validated once. Tests may call `resetSettings()` after changing `process.env`. */
export function getSettings(): Settings {
  cached ??= loadSettings();
  return cached;
}

/** Forgets the cached settings so the next `getSettings()` re-reads the environment. */
export function resetSettings(): void {
  cached = undefined;
}
