/**
 * End to end: the real server process, as `npm start` runs it (the production bundle), on a fresh PostgreSQL
 * database, seeded through the CLI, exercised over HTTP with fetch. Each test builds on the previous ones (one
 * login, one hero), as a client would.
 */
import { expect } from 'chai';
import { createDatabase, manage, NPM_START, portOf, processEnv, startProcess, type ServerProcess, type TestDatabase } from './support.js';

interface Hero {
  id: number;
  name: string;
  secret_name: string;
  age: number | null;
  user_id: number | null;
}

describe('end to end: the API over HTTP, on PostgreSQL', function () {
  this.timeout(180_000);

  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let server: ServerProcess;
  let token = '';
  let heroId = 0;

  const url = (path: string) => `${server.baseUrl}${path}`;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const json = (body: unknown, headers: Record<string, string> = {}) => ({ body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });

  before(async function () {
    db = await createDatabase();
    env = processEnv(db.url);
    const seeded = await manage(['seed'], env);
    expect(seeded.code, seeded.stderr).to.equal(0);
    expect(seeded.stdout).to.include('src/apps/user/fixtures/initial-users.yaml: user.User: 1');
    expect(seeded.stdout).to.include('src/apps/hero/fixtures/initial-heroes.yaml: hero.Hero: 6');
    server = await startProcess(NPM_START, env);
    await server.ready();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && server) console.error(`--- server output ---\n${server.log}`);
  });

  after(async () => {
    if (server?.running) await server.stop();
    await db?.drop();
  });

  it('answers liveness and readiness, and 503 when no check is asked', async () => {
    const live = await fetch(url('/default/healthcheck/?liveness=true'));
    expect(live.status).to.equal(200);
    expect(await live.json()).to.deep.equal({ status: 'OK' });
    const ready = await fetch(url('/default/healthcheck/?readiness=true'));
    expect(ready.status).to.equal(200);
    const neither = await fetch(url('/default/healthcheck/'));
    expect(neither.status).to.equal(503);
    expect(await neither.json()).to.deep.equal({ detail: { status: 'KO' } });
  });

  it('passes the CLI health check (what Docker runs)', async () => {
    const run = await manage(['healthcheck', '--readiness', '--port', portOf(server.baseUrl)], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('readiness: {"status":"OK"}\n');
  });

  it('logs in as the seeded admin with the OAuth2 password form', async () => {
    const wrong = await fetch(url('/api/auth/token/'), { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'nope' }) });
    expect(wrong.status).to.equal(400);
    expect(await wrong.json()).to.deep.equal({ detail: 'Authentication error: credentials are invalid.' });
    const res = await fetch(url('/api/auth/token/'), { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'admin' }) });
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { access_token: string; token_type: string };
    expect(body.token_type).to.equal('Bearer');
    expect(body.access_token).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    token = body.access_token;
  });

  it('lists the seeded heroes to anyone, and refuses writes without a token (401)', async () => {
    const list = await fetch(url('/api/heroes/'));
    expect(list.status).to.equal(200);
    expect(((await list.json()) as Hero[]).map((h) => h.name)).to.deep.equal(['Spider-Boy', 'Superman', 'Deadpond', 'Iron man', 'Captain America', 'Rusty-Man']);
    const anonymous = await fetch(url('/api/heroes/'), { method: 'POST', ...json({ name: 'Nobody', secret_name: 'None' }) });
    expect(anonymous.status).to.equal(401);
  });

  it('creates, reads, patches and deletes a hero with the token', async () => {
    const created = await fetch(url('/api/heroes/'), { method: 'POST', ...json({ name: 'Dr. Strange', secret_name: 'Stephen Strange', age: 42 }, auth()) });
    expect(created.status).to.equal(201);
    const hero = (await created.json()) as Hero;
    expect(hero).to.include({ name: 'Dr. Strange', secret_name: 'Stephen Strange', age: 42, user_id: null });
    heroId = hero.id;

    const listed = (await (await fetch(url('/api/heroes/?offset=6'))).json()) as Hero[];
    expect(listed.map((h) => h.name)).to.deep.equal(['Dr. Strange']);

    const patched = await fetch(url(`/api/heroes/${heroId}/`), { method: 'PATCH', ...json({ age: 43 }, auth()) });
    expect(patched.status).to.equal(200);
    expect(await patched.json()).to.include({ id: heroId, name: 'Dr. Strange', age: 43 });

    const deleted = await fetch(url(`/api/heroes/${heroId}`), { method: 'DELETE', headers: auth() });
    expect(deleted.status).to.equal(204);
    expect((await fetch(url(`/api/heroes/${heroId}/`))).status).to.equal(404);
  });

  it('answers 422 with FastAPI-shaped errors for a bad hero, and 400 for malformed JSON', async () => {
    const bad = await fetch(url('/api/heroes/'), { method: 'POST', ...json({ name: '', age: 'old' }, auth()) });
    expect(bad.status).to.equal(422);
    const { detail } = (await bad.json()) as { detail: Array<{ loc: string[]; msg: string; type: string }> };
    expect(detail.map((d) => d.loc.join('.'))).to.have.members(['body.name', 'body.secret_name', 'body.age']);
    const malformed = await fetch(url('/api/heroes/'), { method: 'POST', body: '{"name": ', headers: { 'Content-Type': 'application/json', ...auth() } });
    expect(malformed.status).to.equal(400);
  });

  it('revokes the token on logout', async () => {
    const logout = await fetch(url('/api/auth/logout/'), { method: 'POST', headers: auth() });
    expect(logout.status).to.equal(204);
    const after = await fetch(url('/api/heroes/'), { method: 'POST', ...json({ name: 'Late', secret_name: 'Comer' }, auth()) });
    expect(after.status).to.equal(401);
  });

  it('stops gracefully on SIGTERM (exit code 0)', async () => {
    expect(await server.stop()).to.equal(0);
    const refused = await fetch(url('/default/healthcheck/?liveness=true')).then(
      () => 'answered',
      () => 'refused',
    );
    expect(refused).to.equal('refused');
  });
});
