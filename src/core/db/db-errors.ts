import { mikroOrm } from './mikro-orm.js';

const { ConnectionException, ForeignKeyConstraintViolationException, NotNullConstraintViolationException, UniqueConstraintViolationException } = mikroOrm;

/** What a database error means, in one line without SQL or values the client did not send. */
export interface DatabaseErrorDescription {
  kind: 'unique' | 'foreign_key' | 'not_null' | 'out_of_range' | 'other';
  /** e.g. `Key (username)=(admin) already exists.`, or `not null constraint violation on column title.` */
  message: string;
}

/**
 * Describes a MikroORM driver error briefly. The error's own message holds the whole statement with its values
 * (password hashes included), and PostgreSQL's "Failing row contains (…)" detail lists every value, so only a
 * `Key (…)=(…)` detail, or else the column or constraint, is kept.
 */
export function describeDatabaseError(error: unknown): DatabaseErrorDescription | undefined {
  if (!(error instanceof mikroOrm.DriverException)) return undefined;
  const e = error as InstanceType<typeof mikroOrm.DriverException> & { detail?: unknown; constraint?: unknown; column?: unknown };
  // SQLSTATE 22003: a number too large for its column (e.g. 2^31 in an int column).
  const kind = error instanceof UniqueConstraintViolationException ? 'unique'
    : error instanceof ForeignKeyConstraintViolationException ? 'foreign_key'
      : error instanceof NotNullConstraintViolationException ? 'not_null'
        : error.code === '22003' || error.sqlState === '22003' ? 'out_of_range' : 'other';
  if (typeof e.detail === 'string' && e.detail && !e.detail.startsWith('Failing row')) return { kind, message: e.detail };
  const label = error.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (typeof e.column === 'string') return { kind, message: `${label} on column ${e.column}.` };
  if (typeof e.constraint === 'string') return { kind, message: `${label} (constraint ${e.constraint}).` };
  // The driver's own sentence (after MikroORM's "<sql> - "), which names no values for these errors.
  const driverMessage = error.message.includes(' - ') ? error.message.slice(error.message.lastIndexOf(' - ') + 3) : error.message;
  return { kind, message: kind === 'other' ? `${label}.` : driverMessage.split('\n')[0]! };
}

/** Error codes of sockets and of PostgreSQL (SQLSTATE) that mean the database is out of reach, not a bad query. */
const OUTAGE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
  '53300', // too_many_connections: sorry, too many clients already
  '08000', '08001', '08003', '08004', '08006', '08007', // connection exceptions
]);

/** Messages of pg, knex, MikroORM and PGlite for the same faults, when no code says it. */
const OUTAGE_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /timeout acquiring a connection/i,
  /connection (?:is )?closed/i,
  /client (?:was closed|has encountered a connection error)/i,
  /too many clients/i,
  /the database system is (?:shutting down|starting up|in recovery mode)/i,
  /pglite is closed/i,
  /Connection refused/i,
  /read ECONNRESET|connect ECONNREFUSED|socket hang up/i,
  // knex, for a statement of a transaction whose connection was cut a moment before (the transaction is gone).
  /Transaction query already complete/i,
];

/** The error and its causes (`cause`, and knex's and MikroORM's wrapped `previous`/`nativeError`). */
function* errorChain(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const e = current as Record<string, unknown>;
    yield e;
    current = e.cause ?? e.previous ?? e.nativeError;
  }
}

/**
 * True when an error means the database cannot be reached (refused, reset, terminated, timed out, shutting down,
 * too many clients, PGlite closed, pool acquisition timed out): a 503 for the client, not its fault and not a bug.
 */
export function isDatabaseOutage(error: unknown): boolean {
  for (const e of errorChain(error)) {
    if (e instanceof ConnectionException) return true;
    for (const code of [e.code, e.sqlState, e.errno]) if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    // MikroORM prefixes the statement ("<sql> - <driver message>"): match the driver's part only, so a value that
    // happens to say "too many clients" in a failing insert does not turn a constraint error into an outage.
    const own = message.includes(' - ') ? message.slice(message.lastIndexOf(' - ') + 3) : message;
    if (OUTAGE_MESSAGES.some((pattern) => pattern.test(own))) return true;
  }
  return false;
}

const QUOTED = /(?:\bE)?'(?:[^'\\]|''|\\.)*'|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g;
const NUMBER = /(?<![\w."$])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi;

/** A statement's shape: its literals (strings, dollar-quoted text, numbers) replaced by `?`. */
export function statementShape(sql: string): string {
  return sql.replace(QUOTED, '?').replace(NUMBER, '?');
}

/**
 * A loggable copy of an error with no values of the failed statement: MikroORM's and knex's messages inline the
 * SQL with its parameters (password hashes, tokens, personal data) and PostgreSQL's `detail` lists row values,
 * so the message keeps the statement's shape and the driver's sentence, and row details are dropped.
 */
export function redactedError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: unknown; sqlState?: unknown; sql?: unknown };
  // Row values in the driver's details: `Key (name)=(…)`, `Failing row contains (…)`, appended detail lines.
  let message = e.message
    .replace(/\n - detail: [^\n]*/g, '')
    .replace(/Key \(([^)]*)\)=\((?:[^)]|\)(?! already exists| is not present| is still referenced))*\)/g, 'Key ($1)=(?)')
    .replace(/Failing row contains \(.*\)/g, 'Failing row contains (?)');
  if (typeof e.sql === 'string' && e.sql && message.includes(e.sql)) message = message.split(e.sql).join(statementShape(e.sql));
  else if (message.includes(' - ')) {
    const cut = message.lastIndexOf(' - ');
    message = `${statementShape(message.slice(0, cut))} - ${message.slice(cut + 3)}`;
  } else if (/^\s*(select|insert|update|delete|with)\b/i.test(message)) message = statementShape(message);
  message = message.replace(/(invalid input (?:syntax|value) for [^:\n]*: )"(?:[^"]|"")*"/g, '$1"?"');
  const frames = (e.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const out: Record<string, unknown> = { type: e.name, message, stack: [`${e.name}: ${message}`, ...frames].join('\n') };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  if (typeof e.sqlState === 'string') out.sqlState = e.sqlState;
  if (e.cause !== undefined && e.cause !== error) out.cause = redactedError(e.cause);
  return out;
}
