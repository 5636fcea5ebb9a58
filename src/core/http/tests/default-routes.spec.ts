/**
 * The endpoints every app has: the root redirect, the secret generator, the health check,
 * and the Prometheus metrics.
 */
import { expect } from 'chai';
import type { Express } from 'express';
import supertest from 'supertest';
import { testApp, useTestCase } from '../../testing/index.js';

/** The value of one `http_requests_total` series in a /metrics text, 0 when it is absent. */
function requestsTotal(metrics: string, labels: { method: string; route: string; status: number }): number {
  const series = `http_requests_total{method="${labels.method}",route="${labels.route}",status="${labels.status}"}`;
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('default endpoints', () => {
  let app: Express;
  before(async () => {
    app = (await testApp()).app;
  });

  it('redirects / to the front page (the chat page, as the original) with a permanent 308', async () => {
    const res = await supertest(app).get('/');
    expect(res.status).to.equal(308);
    expect(res.headers.location).to.equal('/web/chat/');
  });

  describe('GET /default/ (secret-key)', () => {
    it('answers a URL-safe secret of `length` random bytes: 32 bytes are 43 base64url characters', async () => {
      const res = await supertest(app).get('/default/?length=32');
      expect(res.status).to.equal(200);
      expect(res.body).to.have.keys('secret');
      expect(res.body.secret).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(res.body.secret, 'base64url')).to.have.length(32);
    });

    it('uses 65 bytes by default, and never answers the same secret twice', async () => {
      const [a, b] = await Promise.all([supertest(app).get('/default/'), supertest(app).get('/default/')]);
      expect(a.body.secret).to.match(/^[A-Za-z0-9_-]{87}$/);
      expect(a.body.secret).to.not.equal(b.body.secret);
    });

    it('answers 422 for a length out of 16..1024 or not a number', async () => {
      for (const length of ['15', '1025', '-1', 'abc', '32.5']) {
        const res = await supertest(app).get(`/default/?length=${length}`);
        expect(res.status, length).to.equal(422);
        expect(res.body.detail[0].loc).to.deep.equal(['query', 'length']);
      }
      expect((await supertest(app).get('/default/?length=16')).status).to.equal(200);
      expect((await supertest(app).get('/default/?length=1024')).status).to.equal(200);
    });
  });

  describe('GET /default/healthcheck/ (health-check)', () => {
    const t = useTestCase();

    it('answers 200 {"status":"OK"} to liveness=true', async () => {
      const res = await t.client.get(t.urlFor('health-check', {}, { liveness: true }));
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ status: 'OK' });
    });

    it('answers 200 {"status":"OK"} to readiness=true when the database answers', async () => {
      const res = await t.client.get(t.urlFor('health-check', {}, { readiness: true }));
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ status: 'OK' });
    });

    it('answers 503 {"detail":{"status":"KO"}} when no check is asked, or only false ones', async () => {
      const queries: Array<Record<string, boolean>> = [{}, { liveness: false }, { liveness: false, readiness: false }];
      for (const query of queries) {
        const res = await t.client.get(t.urlFor('health-check', {}, query));
        expect(res.status, JSON.stringify(query)).to.equal(503);
        expect(res.body).to.deep.equal({ detail: { status: 'KO' } });
      }
    });

    it('answers 422 for a flag that is not a boolean', async () => {
      const res = await t.client.get('/default/healthcheck/?liveness=maybe');
      expect(res.status).to.equal(422);
      expect(res.body.detail[0].loc).to.deep.equal(['query', 'liveness']);
    });
  });

  describe('GET /metrics', () => {
    const t = useTestCase({ fixtures: ['users', 'heroes'] });

    it('counts requests in http_requests_total, labelled by route pattern (not by raw URL) and status', async () => {
      const before = (await t.client.get('/metrics')).text;
      const [hero] = (await t.client.get(t.urlFor('hero-list', {}, { limit: 1 }))).body;
      await t.client.get(t.urlFor('hero-get', { pk: hero.id }));
      await t.client.get('/api/heroes/abc/');
      await t.client.get('/no/such/page');

      const res = await t.client.get('/metrics');
      expect(res.status).to.equal(200);
      expect(res.type).to.equal('text/plain');
      expect(res.text).to.include('# TYPE http_requests_total counter');
      expect(res.text).to.include('# TYPE http_request_duration_seconds histogram');
      const increase = (method: string, route: string, status: number) =>
        requestsTotal(res.text, { method, route, status }) - requestsTotal(before, { method, route, status });
      expect(increase('GET', '/api/heroes', 200)).to.equal(1);
      expect(increase('GET', '/api/heroes/:pk', 200)).to.equal(1);
      expect(increase('GET', '/api/heroes/:pk', 422)).to.equal(1);
      expect(increase('GET', 'unmatched', 404)).to.equal(1);
      expect(res.text).to.not.include(`route="/api/heroes/${hero.id}`);
    });

    it('times requests in http_request_duration_seconds: cumulative buckets, +Inf, sum and count per series', async () => {
      await t.client.get('/api/heroes/abc/');
      const text = (await t.client.get('/metrics')).text;
      const labels = 'method="GET",route="/api/heroes/:pk",status="422"';
      const valueOf = (line: string) => Number(line.slice(line.lastIndexOf(' ') + 1));
      const buckets = text.split('\n').filter((l) => l.startsWith('http_request_duration_seconds_bucket{') && l.includes(labels));
      expect(buckets.map((l) => /le="([^"]+)"/.exec(l)![1])).to.deep.equal(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf']);
      const counts = buckets.map(valueOf);
      expect(counts).to.deep.equal([...counts].sort((a, b) => a - b));
      const count = text.split('\n').find((l) => l.startsWith(`http_request_duration_seconds_count{${labels}}`));
      const sum = text.split('\n').find((l) => l.startsWith(`http_request_duration_seconds_sum{${labels}}`));
      expect(counts.at(-1)).to.equal(valueOf(count!));
      expect(valueOf(count!)).to.equal(requestsTotal(text, { method: 'GET', route: '/api/heroes/:pk', status: 422 }));
      expect(valueOf(sum!)).to.be.greaterThan(0);
    });
  });
});
