/**
 * What routes share: `dependencies` on a router and a controller (run before every route below them, each
 * once), dependencies that name the dependencies they need (resolved first, documented with them), and the
 * PATCH guard.
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { z } from 'zod';
import { Forbidden, Unauthorized } from '../../errors/index.js';
import { Body, buildApp, checkPatch, Controller, dependency, Depends, PATCH_RESPONSES, route, Router, type KitApp } from '../index.js';

/** The order the dependencies and handlers ran in, per request. */
let ran: string[] = [];

/** The caller, from a header: 401 without it. */
const caller = dependency(
  (ctx) => {
    ran.push('caller');
    const name = ctx.req.get('X-Caller');
    if (!name) throw new Unauthorized('Who are you?');
    return { name };
  },
  { bearer: true, responses: { 401: 'Who are you?' } },
);

/** Needs the caller, by name: no `uses` stated. */
const staffOnly = dependency({ who: caller }, ({ who }) => {
  ran.push('staff');
  if (!who.name.startsWith('staff')) throw new Forbidden('Staff only');
  return who;
}, { responses: { 403: 'Staff only' } });

/** A router-level check that only records that it ran. */
const audited = dependency(() => {
  ran.push('audit');
});

const Thing = z.object({ name: z.string().min(1).optional(), size: z.number().int().optional() });

@Controller('/things', { dependencies: [staffOnly] })
class ThingsController {
  @route.get('/', { name: 'things-list' })
  list(@Depends(staffOnly) who: { name: string }) {
    ran.push('handler');
    return { who: who.name, ran };
  }

  @route.patch('/:pk', { name: 'things-patch', dependencies: [caller], responses: { ...PATCH_RESPONSES } })
  patch(@Body(Thing) data: z.infer<typeof Thing>) {
    checkPatch(data, Thing, { empty: 'Nothing to change.' });
    return data;
  }
}

@Controller('/open')
class OpenController {
  @route.get('/', { name: 'open-get' })
  get() {
    ran.push('handler');
    return { ran };
  }
}

describe('shared dependencies and the PATCH guard', () => {
  let kit: KitApp;
  before(() => {
    kit = buildApp({ api: [Router({ prefix: '/shared', dependencies: [audited] }, ThingsController, OpenController)] });
  });
  beforeEach(() => {
    ran = [];
  });

  it("runs the router's, then the controller's dependencies before every route, each once per request", async () => {
    const res = await supertest(kit.app).get('/api/shared/things/').set('X-Caller', 'staff.ann');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ who: 'staff.ann', ran: ['audit', 'caller', 'staff', 'handler'] });
    ran = [];
    const open = await supertest(kit.app).get('/api/shared/open/');
    expect(open.body).to.deep.equal({ ran: ['audit', 'handler'] });
  });

  it("answers with a controller dependency's error before the route runs", async () => {
    expect((await supertest(kit.app).get('/api/shared/things/')).status).to.equal(401);
    ran = [];
    const refused = await supertest(kit.app).get('/api/shared/things/').set('X-Caller', 'guest');
    expect(refused.status).to.equal(403);
    expect(refused.body).to.deep.equal({ detail: 'Staff only' });
    expect(ran).to.deep.equal(['audit', 'caller', 'staff']);
  });

  it('documents what a dependency needs with it: the 401 and the bearer scheme of its inputs', () => {
    const paths = (kit.openapi as { paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown }>> }).paths;
    const list = paths['/api/shared/things/']!.get!;
    expect(Object.keys(list.responses)).to.include.members(['200', '401', '403']);
    expect(list.security).to.deep.equal([{ bearer: [] }]);
    expect(staffOnly.info.uses).to.deep.equal([caller]);
    expect(Object.keys(paths['/api/shared/open/']!.get!.responses)).to.deep.equal(['200']);
  });

  it('refuses a PATCH with every field (use PUT) and, when asked, an empty one; applies the others', async () => {
    const patch = (body: object) => supertest(kit.app).patch('/api/shared/things/1').set('X-Caller', 'staff.ann').send(body);
    const whole = await patch({ name: 'x', size: 2 });
    expect(whole.status).to.equal(400);
    expect(whole.body).to.deep.equal({ detail: 'Cannot use PATCH to update entire object, use PUT instead.' });
    const empty = await patch({});
    expect(empty.status).to.equal(400);
    expect(empty.body).to.deep.equal({ detail: 'Nothing to change.' });
    const some = await patch({ size: 3 });
    expect(some.status).to.equal(200);
    expect(some.body).to.deep.equal({ size: 3 });
  });

  it('runs a dependency declared on both the controller and the route once', async () => {
    await supertest(kit.app).patch('/api/shared/things/1').set('X-Caller', 'staff.ann').send({ size: 1 });
    expect(ran.filter((name) => name === 'caller')).to.have.length(1);
  });
});
