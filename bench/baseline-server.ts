/**
 * The baseline of `npm run bench:http`: the kit's three hero endpoints written by hand with Express 5 and a
 * `pg.Pool`, sending the SQL the kit sends (the insert as hand-written code would: one statement, no
 * transaction, `returning *`). No ORM, no validation library, no middleware besides the JSON body parser.
 * Writes need no authentication, unless a bearer token is sent: then they do the work the kit does for one, as
 * lean hand-written code would: one query finds the token's registry row (by its SHA-256) and tells whether its
 * user may write (an admin, the permission held, or the same-named group holding it); 401 or 403 otherwise. The
 * signature is not checked: a forged token has no registry row (the kit checks it once per token and remembers).
 *
 *   node dist/bench/baseline-server.js --port 8001 [--host 127.0.0.1]     (DATABASE_URL: a migrated kit database)
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import express, { type NextFunction, type Request, type Response } from 'express';
import pg from 'pg';

// The statements MikroORM sends for Hero.getOr404({ id }) and Hero.all({ offset: 0, limit }), with $n placeholders.
const SQL_GET = 'select "h0".* from "hero" as "h0" where "h0"."id" = $1 order by "h0"."id" asc limit $2';
const SQL_LIST = 'select "h0".* from "hero" as "h0" order by "h0"."id" asc limit $1';
const SQL_LIST_OFFSET = 'select "h0".* from "hero" as "h0" order by "h0"."id" asc limit $1 offset $2';
const SQL_INSERT =
  'insert into "hero" ("created_at", "updated_at", "name", "secret_name", "age", "user_id") values ($1, $2, $3, $4, $5, $6) returning *';

const SQL_PATCH = 'update "hero" set "name" = $1, "updated_at" = $2 where "id" = $3 returning *';

// The token's live registry row and whether its user holds `$2` (directly, or through the group of that name).
const SQL_AUTH =
  'select t."expires_at", u."role" = \'admin\'' +
  ' or exists (select 1 from "permissionuserlink" p where p."user_id" = u."id" and p."permission_name" = $2)' +
  ' or exists (select 1 from "groupuserlink" g join "permissiongrouplink" gp on gp."group_name" = g."group_name"' +
  ' where g."user_id" = u."id" and g."group_name" = $2 and gp."permission_name" = $2) as "allowed"' +
  ' from "jwttoken" t join "users" u on u."id" = t."user_id" where t."token_hash" = $1';

const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' }, host: { type: 'string', short: 'h' } } });
const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  console.error('DATABASE_URL is required');
  process.exit(1);
}
// max 10: the size of MikroORM's (knex's) default pool, which the kit uses.
const pool = new pg.Pool({ connectionString, max: 10 });

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));

const unprocessable = (res: Response, message: string) => {
  res.status(422).json({ detail: message });
};
const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isName = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= 255;

/** False, having answered 401 or 403, when a bearer token was sent and may not write with `permission`. */
async function mayWrite(req: Request, res: Response, permission: string): Promise<boolean> {
  const header = req.headers.authorization;
  if (header === undefined) return true;
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const result = await pool.query(SQL_AUTH, [createHash('sha256').update(token).digest('hex'), permission]);
  const row = result.rows[0] as { expires_at: Date; allowed: boolean } | undefined;
  if (!row || row.expires_at.getTime() <= Date.now()) {
    res.status(401).json({ detail: 'Invalid authentication token.' });
    return false;
  }
  if (!row.allowed) {
    res.status(403).json({ detail: 'You do not have permission to perform this action.' });
    return false;
  }
  return true;
}

app.get('/healthz', (_req, res) => {
  res.json({ status: 'OK' });
});

app.get('/api/heroes/', async (req: Request, res: Response) => {
  const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
  const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
  if (!isInt(offset, 0, Number.MAX_SAFE_INTEGER) || !isInt(limit, 0, 100)) {
    unprocessable(res, 'bad offset or limit');
    return;
  }
  const result = offset === 0 ? await pool.query(SQL_LIST, [limit]) : await pool.query(SQL_LIST_OFFSET, [limit, offset]);
  res.json(result.rows);
});

app.get('/api/heroes/:id', async (req: Request, res: Response) => {
  const id = Number(req.params.id);
  if (!isInt(id, 1, 2147483647)) {
    unprocessable(res, 'bad id');
    return;
  }
  const result = await pool.query(SQL_GET, [id, 1]);
  if (result.rowCount === 0) {
    res.status(404).json({ detail: 'Hero not found.' });
    return;
  }
  res.json(result.rows[0]);
});

app.post('/api/heroes/', async (req: Request, res: Response) => {
  if (!(await mayWrite(req, res, 'create:hero'))) return;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const age = body.age ?? null;
  const userId = body.user_id ?? null;
  if (!isName(body.name) || !isName(body.secret_name)) {
    unprocessable(res, 'name and secret_name are required');
    return;
  }
  if (age !== null && !isInt(age, 0, 10000)) {
    unprocessable(res, 'bad age');
    return;
  }
  if (userId !== null && !isInt(userId, 1, 2147483647)) {
    unprocessable(res, 'bad user_id');
    return;
  }
  const result = await pool.query(SQL_INSERT, [new Date(), null, body.name.trim(), body.secret_name.trim(), age, userId]);
  res.status(201).json(result.rows[0]);
});

app.patch('/api/heroes/:id', async (req: Request, res: Response) => {
  if (!(await mayWrite(req, res, 'update:hero'))) return;
  const id = Number(req.params.id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (!isInt(id, 1, 2147483647) || !isName(body.name)) {
    unprocessable(res, 'bad id or name');
    return;
  }
  const result = await pool.query(SQL_PATCH, [body.name.trim(), new Date(), id]);
  if (result.rowCount === 0) {
    res.status(404).json({ detail: 'Hero not found.' });
    return;
  }
  res.json(result.rows[0]);
});

app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
  console.error(error);
  res.status(500).json({ detail: 'Internal Server Error' });
});

const server = app.listen(values.port === undefined ? 8001 : Number(values.port), values.host ?? '127.0.0.1');
server.once('listening', () => {
  const address = server.address() as AddressInfo;
  if (process.env.LOG_LEVEL !== 'warn') console.log(`baseline listening on http://${address.address}:${address.port}`);
});
server.once('error', (error) => {
  console.error(error);
  process.exit(1);
});

let stopping = false;
const shutdown = () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 10_000).unref();
  server.close(() => {
    void pool.end().finally(() => process.exit(0));
  });
  server.closeIdleConnections();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
