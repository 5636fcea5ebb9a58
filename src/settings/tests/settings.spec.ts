/**
 * Settings: `loadSettings(env)` validates the environment (the process environment over `envs/<APP_ENVIRONMENT>.env`)
 * into typed settings, or stops with a SettingsError naming the bad variable.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadSettings, projectRoot, SettingsError, type Settings } from '../index.js';

type Env = Record<string, string | undefined>;

const envsDir = join(projectRoot, 'envs');

/**
 * Runs `fn` with `envs/<name>.env` files holding the given contents, then puts back what was there (a developer's
 * own files included) and removes what it created.
 */
function withEnvFiles<T>(files: Record<string, string>, fn: () => T): T {
  const createdDir = !existsSync(envsDir);
  mkdirSync(envsDir, { recursive: true });
  const originals = new Map<string, string | undefined>();
  for (const [name, content] of Object.entries(files)) {
    const file = join(envsDir, `${name}.env`);
    originals.set(file, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    writeFileSync(file, content);
  }
  try {
    return fn();
  } finally {
    for (const [file, original] of originals) {
      if (original === undefined) rmSync(file, { force: true });
      else writeFileSync(file, original);
    }
    if (createdDir && readdirSync(envsDir).length === 0) rmdirSync(envsDir);
  }
}

/** `loadSettings(env)` with `envFile` as the content of the environment's env file (empty by default: no file values). */
function settingsWith(env: Env, envFile = ''): Settings {
  return withEnvFiles({ [env.APP_ENVIRONMENT ?? 'dev']: envFile }, () => loadSettings(env));
}

/** The SettingsError that `settingsWith(env, envFile)` throws. */
function settingsError(env: Env, envFile = ''): SettingsError {
  try {
    settingsWith(env, envFile);
  } catch (error) {
    expect(error).to.be.instanceOf(SettingsError);
    return error as SettingsError;
  }
  return expect.fail(`loadSettings(${JSON.stringify(env)}) should have thrown a SettingsError`);
}

describe('settings', () => {
  describe('defaults', () => {
    it('runs in dev, on the embedded database, loading the initial users and heroes on seed', () => {
      const settings = settingsWith({});
      expect(settings).to.deep.include({
        APP_ENVIRONMENT: 'dev',
        DEBUG: true,
        INITIAL_FIXTURES: ['initial-users', 'initial-heroes'],
        DB_DEBUG: false,
        PASSWORD_HASH_ROUNDS: 12,
        SECRET_KEY: 'insecure-dev-secret-key-change-me',
      });
      expect(settings.DATABASE_URL).to.equal(undefined);
      expect(settings.PGLITE_DIR).to.equal(undefined);
    });

    it('hashes passwords with 4 bcrypt rounds in test (fast) and 12 in prod', () => {
      expect(settingsWith({ APP_ENVIRONMENT: 'test' }).PASSWORD_HASH_ROUNDS).to.equal(4);
      expect(settingsWith({ APP_ENVIRONMENT: 'prod', SECRET_KEY: 'a-production-secret-key' }).PASSWORD_HASH_ROUNDS).to.equal(12);
      expect(settingsWith({ APP_ENVIRONMENT: 'prod', SECRET_KEY: 'a-production-secret-key', PASSWORD_HASH_ROUNDS: '10' }).PASSWORD_HASH_ROUNDS).to.equal(10);
    });

    it('turns DEBUG off in prod only', () => {
      expect(settingsWith({ APP_ENVIRONMENT: 'test' }).DEBUG).to.equal(true);
      expect(settingsWith({ APP_ENVIRONMENT: 'prod', SECRET_KEY: 'a-production-secret-key' }).DEBUG).to.equal(false);
    });

    it('treats an empty value as unset (`DATABASE_URL=` means the embedded database)', () => {
      const settings = settingsWith({ DATABASE_URL: '', PGLITE_DIR: '', SECRET_KEY: '', PASSWORD_HASH_ROUNDS: '' });
      expect(settings.DATABASE_URL).to.equal(undefined);
      expect(settings.PGLITE_DIR).to.equal(undefined);
      expect(settings.SECRET_KEY).to.equal('insecure-dev-secret-key-change-me');
      expect(settings.PASSWORD_HASH_ROUNDS).to.equal(12);
    });
  });

  describe('validation: a SettingsError names the variable', () => {
    it('APP_ENVIRONMENT is dev, test or prod', () => {
      expect(settingsError({ APP_ENVIRONMENT: 'staging' }).message).to.match(/^Invalid setting APP_ENVIRONMENT: /);
    });

    it('prod needs a SECRET_KEY', () => {
      expect(settingsError({ APP_ENVIRONMENT: 'prod' }).message).to.equal('Invalid setting SECRET_KEY: is required when APP_ENVIRONMENT=prod');
      expect(settingsError({ APP_ENVIRONMENT: 'prod', SECRET_KEY: '' }).message).to.equal('Invalid setting SECRET_KEY: is required when APP_ENVIRONMENT=prod');
    });

    it('SECRET_KEY has at least 16 characters', () => {
      expect(settingsError({ SECRET_KEY: 'short' }).message).to.equal('Invalid setting SECRET_KEY: must be at least 16 characters');
    });

    it('DATABASE_URL is a postgres:// or postgresql:// URL', () => {
      expect(settingsWith({ DATABASE_URL: 'postgres://app@localhost:5432/app' }).DATABASE_URL).to.equal('postgres://app@localhost:5432/app');
      expect(settingsWith({ DATABASE_URL: 'postgresql://app@localhost/app' }).DATABASE_URL).to.equal('postgresql://app@localhost/app');
      expect(settingsError({ DATABASE_URL: 'mysql://app@localhost/app' }).message).to.equal('Invalid setting DATABASE_URL: must start with postgres:// or postgresql://');
      expect(settingsError({ DATABASE_URL: 'localhost:5432' }).message).to.match(/^Invalid setting DATABASE_URL: /);
    });

    it('PASSWORD_HASH_ROUNDS is a whole number from 4 to 15', () => {
      for (const value of ['3', '16', '4.5', 'many']) {
        expect(settingsError({ PASSWORD_HASH_ROUNDS: value }).message, value).to.match(/^Invalid setting PASSWORD_HASH_ROUNDS: /);
      }
    });
  });

  describe('lists and flags', () => {
    it('INITIAL_FIXTURES is a JSON array or a comma-separated list', () => {
      expect(settingsWith({ INITIAL_FIXTURES: '["initial-users", "posts"]' }).INITIAL_FIXTURES).to.deep.equal(['initial-users', 'posts']);
      expect(settingsWith({ INITIAL_FIXTURES: 'initial-users, posts' }).INITIAL_FIXTURES).to.deep.equal(['initial-users', 'posts']);
      expect(settingsWith({ INITIAL_FIXTURES: 'posts' }).INITIAL_FIXTURES).to.deep.equal(['posts']);
      expect(settingsWith({ INITIAL_FIXTURES: '[]' }).INITIAL_FIXTURES).to.deep.equal([]);
      expect(settingsWith({ INITIAL_FIXTURES: '' }).INITIAL_FIXTURES).to.deep.equal([]);
    });

    it('INITIAL_FIXTURES that starts as JSON must be valid JSON', () => {
      expect(settingsError({ INITIAL_FIXTURES: '["initial-users",' }).message).to.match(/^Invalid setting INITIAL_FIXTURES: /);
      expect(settingsError({ INITIAL_FIXTURES: '[1, 2]' }).message).to.match(/^Invalid setting INITIAL_FIXTURES/);
    });

    it('DB_DEBUG is on for 1, true, yes or on', () => {
      for (const value of ['1', 'true', 'TRUE', 'yes', 'on']) expect(settingsWith({ DB_DEBUG: value }).DB_DEBUG, value).to.equal(true);
      for (const value of ['0', 'false', 'no', 'off', '']) expect(settingsWith({ DB_DEBUG: value }).DB_DEBUG, value).to.equal(false);
    });
  });

  describe('the env file envs/<APP_ENVIRONMENT>.env', () => {
    const testEnvFile = [
      '# settings of the test environment',
      'INITIAL_FIXTURES=users,posts',
      'PASSWORD_HASH_ROUNDS=6',
      'DATABASE_URL=postgres://from-file@localhost:5432/kit',
      '',
    ].join('\n');

    it('is read for the environment APP_ENVIRONMENT names', () => {
      const settings = settingsWith({ APP_ENVIRONMENT: 'test' }, testEnvFile);
      expect(settings).to.deep.include({
        APP_ENVIRONMENT: 'test',
        INITIAL_FIXTURES: ['users', 'posts'],
        PASSWORD_HASH_ROUNDS: 6,
        DATABASE_URL: 'postgres://from-file@localhost:5432/kit',
      });
    });

    it('loses to the process environment, variable by variable (an empty value unsets the file value)', () => {
      const settings = settingsWith({ APP_ENVIRONMENT: 'test', PASSWORD_HASH_ROUNDS: '8', DATABASE_URL: '' }, testEnvFile);
      expect(settings.PASSWORD_HASH_ROUNDS).to.equal(8);
      expect(settings.DATABASE_URL).to.equal(undefined);
      expect(settings.INITIAL_FIXTURES).to.deep.equal(['users', 'posts']);
    });

    it('of another environment is not read', () => {
      const settings = withEnvFiles({ test: 'INITIAL_FIXTURES=from-test', prod: 'INITIAL_FIXTURES=from-prod' }, () => loadSettings({ APP_ENVIRONMENT: 'test' }));
      expect(settings.INITIAL_FIXTURES).to.deep.equal(['from-test']);
    });

    it('is validated as the process environment is', () => {
      expect(settingsError({ APP_ENVIRONMENT: 'test' }, 'PASSWORD_HASH_ROUNDS=99\n').message).to.match(/^Invalid setting PASSWORD_HASH_ROUNDS: /);
    });
  });
});
