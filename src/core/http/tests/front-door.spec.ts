/**
 * The front door (core/http/front-door.ts): the kit's middleware and routes run without Express's application
 * router for the requests they answer; what they do not answer (no route, an error) and what Express alone serves
 * (statics, docs) goes through Express's router, with the same answers as before.
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { Forbidden } from '../../errors/index.js';
import { buildApp, Controller, Param, route } from '../index.js';

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
