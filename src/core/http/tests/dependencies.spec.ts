/**
 * Dependencies: functions of the request context, resolved at most once per request, before the inputs are
 * validated, so that a permission error wins over a bad body (as FastAPI does).
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { z } from 'zod';
import { Forbidden, Unauthorized } from '../../errors/index.js';
import { Body, buildApp, Controller, CurrentUser, dependency, Depends, route, Router } from '../index.js';
import { createRequestContext, resolveNow } from '../dependency.js';

/** How many times each dependency (and handler) ran; reset before each test. */
const calls = { token: 0, user: 0, admin: 0, handler: 0 };

/** The bearer token of the request, or 401. */
const bearerToken = dependency((ctx) => {
  calls.token += 1;
  const header = ctx.req.get('Authorization') ?? '';
  if (!header.startsWith('Bearer ')) throw new Unauthorized('Not authenticated');
  return header.slice('Bearer '.length);
}, { bearer: true, responses: { 401: 'Not authenticated' } });

/** The user named by the token; it resolves `bearerToken` itself. */
const currentUser = dependency(async (ctx) => {
  calls.user += 1;
  const token = await ctx.resolve(bearerToken);
  return { name: token, isAdmin: token === 'admin' };
}, { uses: [bearerToken] });

/** A permission check: its value is not needed, so routes list it in `dependencies`. */
const adminOnly = dependency(async (ctx) => {
  calls.admin += 1;
  const user = await ctx.resolve(currentUser);
  if (!user.isAdmin) throw new Forbidden('Admins only');
}, { uses: [currentUser], responses: { 403: 'Admins only' } });

/** A path parameter read by a dependency, validated like `@Param`. */
const documentId = dependency((ctx) => ctx.param('pk', z.coerce.number().int().positive()));

/** Asks for `currentUser` twice at the same time: both get the one resolution. */
const twoAtOnce = dependency(async (ctx) => {
  const [a, b] = await Promise.all([ctx.resolve(currentUser), ctx.resolve(currentUser)]);
  return a === b;
});

const Note = z.object({ text: z.string().min(1) });

@Controller('/deps')
class DependentController {
  @route.get('/me')
  me(@Depends(currentUser) user: { name: string }, @Depends(bearerToken) token: string) {
    calls.handler += 1;
    return { user: user.name, token };
  }

  @route.post('/notes', { status: 201, dependencies: [adminOnly] })
  addNote(@Depends(currentUser) user: { name: string }, @Body(Note) note: z.infer<typeof Note>) {
    calls.handler += 1;
    return { by: user.name, text: note.text };
  }

  @route.get('/documents/:pk')
  document(@Depends(documentId) id: number) {
    return { id };
  }

  @route.get('/same')
  same(@Depends(twoAtOnce) same: boolean) {
    return { same, resolutions: calls.user };
  }

  @route.get('/current-user')
  whoAmI(@CurrentUser() user: unknown) {
    return user;
  }
}

const { app } = buildApp({ api: [Router({ prefix: '/t' }, DependentController)] });
const as = (name: string) => ({ Authorization: `Bearer ${name}` });

describe('HTTP dependencies', () => {
  beforeEach(() => {
    for (const key of Object.keys(calls) as Array<keyof typeof calls>) calls[key] = 0;
  });

  it('resolves each dependency at most once per request, however many ask for it', async () => {
    // The handler asks for currentUser and bearerToken; currentUser asks for bearerToken too.
    const res = await supertest(app).get('/api/t/deps/me').set(as('ann'));
    expect(res.body).to.deep.equal({ user: 'ann', token: 'ann' });
    expect(calls).to.deep.equal({ token: 1, user: 1, admin: 0, handler: 1 });
  });

  it('resolves them again for the next request (nothing is cached across requests)', async () => {
    await supertest(app).get('/api/t/deps/me').set(as('ann'));
    const second = await supertest(app).get('/api/t/deps/me').set(as('bob'));
    expect(second.body.user).to.equal('bob');
    expect(calls).to.deep.include({ token: 2, user: 2 });
  });

  it('shares one resolution between concurrent asks within a request', async () => {
    const res = await supertest(app).get('/api/t/deps/same').set(as('ann'));
    expect(res.body).to.deep.equal({ same: true, resolutions: 1 });
  });

  it('runs route-level `dependencies` before the handler, without passing their value', async () => {
    const res = await supertest(app).post('/api/t/deps/notes').set(as('admin')).send({ text: 'hello' });
    expect(res.status).to.equal(201);
    expect(res.body).to.deep.equal({ by: 'admin', text: 'hello' });
    // adminOnly, currentUser (also a parameter) and bearerToken each ran once.
    expect(calls).to.deep.equal({ token: 1, user: 1, admin: 1, handler: 1 });
  });

  it('answers with the error of a failing dependency, and the handler does not run', async () => {
    const forbidden = await supertest(app).post('/api/t/deps/notes').set(as('bob')).send({ text: 'hello' });
    expect(forbidden.status).to.equal(403);
    expect(forbidden.body).to.deep.equal({ detail: 'Admins only' });
    const anonymous = await supertest(app).post('/api/t/deps/notes').send({ text: 'hello' });
    expect(anonymous.status).to.equal(401);
    expect(anonymous.body).to.deep.equal({ detail: 'Not authenticated' });
    expect(calls.handler).to.equal(0);
  });

  it('lets a dependency error win over body validation (401/403 before 422)', async () => {
    const invalid = { text: '' };
    expect((await supertest(app).post('/api/t/deps/notes').send(invalid)).status).to.equal(401);
    expect((await supertest(app).post('/api/t/deps/notes').set(as('bob')).send(invalid)).status).to.equal(403);
    expect((await supertest(app).post('/api/t/deps/notes').set(as('bob'))).status).to.equal(403);
    const admin = await supertest(app).post('/api/t/deps/notes').set(as('admin')).send(invalid);
    expect(admin.status).to.equal(422);
    expect(admin.body.detail[0].loc).to.deep.equal(['body', 'text']);
  });

  it('validates a path parameter read with ctx.param: a failure is a 422 at ["path", name]', async () => {
    expect((await supertest(app).get('/api/t/deps/documents/12')).body).to.deep.equal({ id: 12 });
    const bad = await supertest(app).get('/api/t/deps/documents/twelve');
    expect(bad.status).to.equal(422);
    expect(bad.body.detail).to.have.length(1);
    expect(bad.body.detail[0].loc).to.deep.equal(['path', 'pk']);
    expect((await supertest(app).get('/api/t/deps/documents/-1')).status).to.equal(422);
  });

  it('answers 401 for @CurrentUser() while no authentication provides a user', async () => {
    const res = await supertest(app).get('/api/t/deps/current-user');
    expect(res.status).to.equal(401);
    expect(res.body).to.deep.equal({ detail: 'Not authenticated' });
  });
});

describe('dependency resolution without waiting', () => {
  const ctx = () => createRequestContext({ params: {} } as never, {} as never);

  it('gives a synchronous chain its value at once (no promise), each dependency run once', () => {
    let runs = 0;
    const base = dependency(() => {
      runs += 1;
      return 2;
    });
    const doubled = dependency({ n: base }, ({ n }) => n * 2);
    const context = ctx();
    expect(resolveNow(context, doubled)).to.equal(4);
    expect(resolveNow(context, base)).to.equal(2);
    expect(runs).to.equal(1);
  });

  it('throws a synchronous failure on every resolution, and `resolve` still rejects with it', async () => {
    let runs = 0;
    const refused = dependency(() => {
      runs += 1;
      throw new Forbidden('no');
    });
    const context = ctx();
    expect(() => resolveNow(context, refused)).to.throw(Forbidden);
    expect(() => resolveNow(context, refused)).to.throw(Forbidden);
    let rejected: unknown;
    await context.resolve(refused).catch((error: unknown) => (rejected = error));
    expect(rejected).to.be.instanceOf(Forbidden);
    expect(runs).to.equal(1);
  });

  it('waits only where a dependency waits: the chain becomes one promise, the same one each time', async () => {
    const later = dependency(async () => 3);
    const plus = dependency({ n: later }, ({ n }) => n + 1);
    const context = ctx();
    const first = resolveNow(context, plus);
    expect(first).to.be.instanceOf(Promise);
    expect(await first).to.equal(4);
    expect(resolveNow(context, later)).to.be.instanceOf(Promise);
    expect(await context.resolve(plus)).to.equal(4);
  });
});
