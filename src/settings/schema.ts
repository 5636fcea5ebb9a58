import { z } from 'zod';
import { ENVIRONMENTS } from './constants.js';

/** A list setting: a JSON array (`["a","b"]`) or a comma-separated string (`a,b`). */
const list = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return value; // let zod report it as "expected array"
    }
  }
  return text === '' ? [] : text.split(',').map((item) => item.trim());
}, z.array(z.string()));

/** An optional setting; an empty value (`DATABASE_URL=` in the shell or an env file) means unset, not "". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const booleanFlag = z.preprocess(
  (value) => (typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value),
  z.boolean(),
);

/** Every setting of the kit, its type and default. Keys are the environment variable names. */
export const settingsSchema = z
  .object({
    APP_ENVIRONMENT: z.enum(ENVIRONMENTS).default('dev'),
    /** `postgres://user:pass@host:port/db`; unset means the embedded PGlite database. */
    DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')),
    /** Where PGlite keeps its files (`memory` for none); used only without DATABASE_URL. */
    PGLITE_DIR: optional(z.string()),
    SECRET_KEY: optional(z.string().min(16, 'must be at least 16 characters')),
    /** bcrypt cost: 12 in production, lower in tests to keep them fast. */
    PASSWORD_HASH_ROUNDS: optional(z.coerce.number().int().min(4).max(15)),
    /** Fixture names that `npm run seed` loads when given no arguments. */
    INITIAL_FIXTURES: list.default(["initial-users", "initial-heroes"]),
    /** Log every SQL statement (MikroORM debug). */
    DB_DEBUG: booleanFlag.default(false),
    /** Where `serve` listens (the `--port`/`--host` options win). */
    PORT: z.coerce.number().int().min(0).max(65535).default(8000),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** How far V8 lets the heap grow past what the last full GC kept, in percent (0: V8's own heuristic, up to 300). */
    HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(300).default(75),
    /** pino level: fatal, error, warn, info, debug, trace or silent (default info; silent in tests). */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    /** Redis for caches, throttling, tasks and websockets; unset means in-process alternatives. */
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
    /** Background tasks: `auto` queues them on BullMQ when REDIS_URL is set and runs them in-process (eagerly) otherwise; `eager` always runs them in-process; `redis` requires REDIS_URL. */
    TASKS_BACKEND: z.enum(['auto', 'eager', 'redis']).default('auto'),
    /** Prefix of the task queues' Redis keys (several projects, or test runs, can share one Redis). */
    TASKS_PREFIX: z.string().regex(/^[\w.-]+$/, 'letters, digits, _ . - only').default('tasks'),
    /** Jobs one `manage worker` process runs at once (its `--concurrency` option wins). */
    TASKS_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(1),
    /** Longest a Redis command may take, queued while disconnected included, before it fails (ms). */
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(500),
    /** Origins allowed by CORS (JSON array or comma list); empty means no cross-origin access. */
    CORS_ALLOWED_ORIGINS: list.default([]),
    CORS_ALLOWED_METHODS: list.default(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
    CORS_ALLOWED_HEADERS: list.default(['*']),
    /** Express "trust proxy": which proxies' X-Forwarded-* headers to believe (e.g. `loopback`, `10.0.0.0/8`, `1`). */
    TRUST_PROXY: z.string().default('loopback'),
    /** Lifetime of an access token, in minutes. */
    ACCESS_TOKEN_EXPIRE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(30),
    /** The `iss` claim of the tokens this server issues and accepts. */
    JWT_ISSUER: z.string().min(1).default('ts-getstarted'),
    /** Failed logins allowed per username within LOGIN_THROTTLE_MINUTES before 429. */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
    /** Failed logins allowed per client address (any usernames) within LOGIN_THROTTLE_MINUTES: much higher, since
     * one address is often many people (an office behind NAT, every developer on 127.0.0.1). */
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(100),
    LOGIN_THROTTLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
    /** Where `collectstatic` copies the apps' statics (relative to the project root, or absolute). */
    STATIC_ROOT: z.string().trim().min(1).default('statics'),
    /** A web session ends after this many minutes without a request (the inactivity timeout). */
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(60),
    /** A web session ends this many hours after login, however active (the absolute lifetime). */
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24),
    /** Lifetime of a CSRF token, in minutes (a form left open longer must be reloaded). */
    CSRF_TOKEN_MINUTES: z.coerce.number().int().min(5).max(60 * 24).default(60),
    /** Origins trusted for unsafe requests besides the site's own (a JSON array or `a,b`), e.g. `https://app.example`. */
    CSRF_TRUSTED_ORIGINS: list.default([]),
    /** Where the login and register pages send a user when no safe referer is given. */
    LOGIN_REDIRECT_URL: z.string().regex(/^\/(?![/\\])/, 'must be a path on this site, such as /web/').default('/web/'),
    /** Largest accepted request body (JSON or form), e.g. `1mb`, `100kb`. */
    BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb').default('1mb'),
  })
  .superRefine((value, ctx) => {
    if (value.APP_ENVIRONMENT === 'prod' && !value.SECRET_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SECRET_KEY'], message: 'is required when APP_ENVIRONMENT=prod' });
    }
  });

/** The validated settings, as the rest of the kit reads them. */
export type Settings = z.output<typeof settingsSchema> & {
  /** True outside production. */
  DEBUG: boolean;
  /** bcrypt cost after defaults (12 in prod and dev, 4 in test). */
  PASSWORD_HASH_ROUNDS: number;
  SECRET_KEY: string;
};
