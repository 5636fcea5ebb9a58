/** Errors under /web are HTML pages (404, 403, 500, with the status and a safe message); /api stays JSON. */
import { expect } from 'chai';
import supertest from 'supertest';
import { buildApp, Controller, route } from '../../http/index.js';
import { Forbidden } from '../../errors/index.js';

@Controller('/boom')
class BoomController {
  @route.get('/forbidden/') forbidden() { throw new Forbidden('You may not see this page.'); }
  @route.get('/crash/') crash() { throw new Error('secret internal detail'); }
}

@Controller('/boom')
class BoomApiController {
  @route.get('/forbidden/') apiForbidden() { throw new Forbidden('You may not see this page.'); }
  @route.get('/crash/') apiCrash() { throw new Error('secret internal detail'); }
}

describe('error pages under /web', () => {
  const app = () => buildApp({ api: [BoomApiController], web: [BoomController] }).app;

  it('renders a 403 as a page with its message', async () => {
    const res = await supertest(app()).get('/web/boom/forbidden/');
    expect(res.status).to.equal(403);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.text).to.contain('<h1 id="error-title">Forbidden</h1>').and.contain('You may not see this page.');
    expect(res.text).to.contain('<link rel="stylesheet" href="/static/kit/css/kit.css');
  });

  it('renders a 500 as a page that tells nothing of the error', async () => {
    const res = await supertest(app()).get('/web/boom/crash/');
    expect(res.status).to.equal(500);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.text).to.contain('<h1 id="error-title">Server error</h1>').and.not.contain('secret internal detail');
  });

  it('renders a 404 as a page', async () => {
    const res = await supertest(app()).get('/web/nothing/here/');
    expect(res.status).to.equal(404);
    expect(res.text).to.contain('<h1 id="error-title">Page not found</h1>');
  });

  it('keeps /api errors JSON', async () => {
    const forbidden = await supertest(app()).get('/api/boom/forbidden/');
    expect(forbidden.status).to.equal(403);
    expect(forbidden.body).to.deep.equal({ detail: 'You may not see this page.' });
    const crash = await supertest(app()).get('/api/boom/crash/');
    expect(crash.status).to.equal(500);
    expect(crash.body).to.deep.equal({ detail: 'Internal Server Error' });
  });
});
