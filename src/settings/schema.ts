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
    INITIAL_FIXTURES: list.default(['initial-users']),
    /** Log every SQL statement (MikroORM debug). */
    DB_DEBUG: booleanFlag.default(false),
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
