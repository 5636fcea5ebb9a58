/**
 * The front door (core/http/front-door.ts): the kit's middleware and routes run without Express's application
 * router for the requests they answer; what they do not answer (no route, an error) and what Express alone serves
 * (statics, docs) goes through Express's router, with the same answers as before.
 */
import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { Forbidden } from '../../errors/index.js';
import { buildApp, Controller, httpServer, Param, route } from '../index.js';

@Controller('/door')
class DoorController {
  @route.get('/:name', { name: 'door-get' })
  get(@Param('name') name: string) {
    if (name === 'locked') throw new Forbidden('Locked.');
    return { name };
  }
}

describe('front door', () => {
  const { app } = buildApp({ api: [DoorController] });
  let routerWalks = 0;
  const router = (app as unknown as { router: { handle: (...args: unknown[]) => unknown } }).router;
  const handle = router.handle.bind(router);
  router.handle = (...args: unknown[]) => {
    routerWalks += 1;
    return handle(...args);
  };
  beforeEach(() => (routerWalks = 0));

  it("answers a route without walking Express's router, with the global middleware's headers", async () => {
    const res = await supertest(app).get('/api/door/open/');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ name: 'open' });
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(routerWalks).to.equal(0);
  });

  it("hands errors and unmatched paths to Express's error handlers: the same 403, 404 and 405 as before", async () => {
    const locked = await supertest(app).get('/api/door/locked/');
    expect([locked.status, locked.body]).to.deep.equal([403, { detail: 'Locked.' }]);
    const missing = await supertest(app).get('/api/nowhere/');
    expect(missing.status).to.equal(404);
    const wrongMethod = await supertest(app).delete('/api/door/open/');
    expect(wrongMethod.status).to.equal(405);
    expect(routerWalks).to.equal(3);
  });

  it('leaves the docs to Express from the start', async () => {
    const res = await supertest(app).get('/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.body.paths).to.have.property('/api/door/{name}/');
    expect(routerWalks).to.equal(1);
  });
});

describe('front door, behind the server of httpServer()', () => {
  const kit = buildApp({ api: [DoorController] });
  const server = httpServer(kit);
  const { request, response } = kit.app as unknown as { request: object; response: object };
  let base = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The requests and responses whose prototype something set while `fn` ran. */
  async function prototypesSet(fn: () => Promise<unknown>): Promise<object[]> {
    const original = Object.setPrototypeOf;
    const changed: object[] = [];
    Object.setPrototypeOf = (target: object, proto: object | null) => {
      if (proto === request || proto === response) changed.push(target);
      return original(target, proto);
    };
    try {
      await fn();
    } finally {
      Object.setPrototypeOf = original;
    }
    return changed;
  }

  it("makes requests and responses with the app's prototypes, so a route's request changes none", async () => {
    let res: supertest.Response | undefined;
    const changed = await prototypesSet(async () => (res = await supertest(base).get('/api/door/open/')));
    expect([res?.status, res?.body]).to.deep.equal([200, { name: 'open' }]);
    expect(res?.headers['x-content-type-options']).to.equal('nosniff');
    expect(changed).to.deep.equal([]);
  });

  it("answers what Express serves the same way (errors, 404, 405, the docs)", async () => {
    const locked = await supertest(base).get('/api/door/locked/');
    expect([locked.status, locked.body]).to.deep.equal([403, { detail: 'Locked.' }]);
    expect((await supertest(base).get('/api/nowhere/')).status).to.equal(404);
    expect((await supertest(base).delete('/api/door/open/')).status).to.equal(405);
    const docs = await supertest(base).get('/openapi.json');
    expect(docs.status).to.equal(200);
    expect(docs.body.paths).to.have.property('/api/door/{name}/');
  });
});
