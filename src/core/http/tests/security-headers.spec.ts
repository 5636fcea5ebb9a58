/**
 * The security headers computed once at start-up: exactly helmet's for pages (anything outside /api), and for API
 * responses the subset that applies to a JSON body, with a CSP that allows nothing.
 */
import { expect } from 'chai';
import express from 'express';
import helmet from 'helmet';
import supertest from 'supertest';
import { securityHeaders } from '../middleware/security-headers.js';

const headersOf = async (middleware: express.RequestHandler, path = '/') => {
  const app = express().disable('x-powered-by').use(middleware).get(path, (_req, res) => { res.send('ok'); });
  const res = await supertest(app).get(path);
  const { date: _date, etag: _etag, ...rest } = res.headers;
  return rest;
};

describe('security headers', () => {
  it('are the headers helmet sets on pages, for the options the app uses and for others', async () => {
    for (const options of [{ referrerPolicy: { policy: 'same-origin' as const } }, {}, { hsts: false, frameguard: { action: 'deny' as const } }]) {
      expect(await headersOf(securityHeaders(options), '/web/page')).to.deep.equal(await headersOf(helmet(options), '/web/page'));
    }
  });

  it('are, under /api, the ones that apply to a JSON body, with a CSP that allows nothing', async () => {
    const api = await headersOf(securityHeaders({ referrerPolicy: { policy: 'same-origin' } }), '/api/things/1/');
    const page = await headersOf(helmet({ referrerPolicy: { policy: 'same-origin' } }), '/api/things/1/');
    expect(api['content-security-policy']).to.equal("default-src 'none'; frame-ancestors 'none'");
    for (const name of ['cross-origin-resource-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options']) expect(api[name], name).to.equal(page[name]);
    for (const name of ['cross-origin-opener-policy', 'origin-agent-cluster', 'referrer-policy', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection']) {
      expect(page[name], name).to.be.a('string');
      expect(api, name).not.to.have.property(name);
    }
  });

  it('follow the options under /api too (a header turned off stays off)', async () => {
    const api = await headersOf(securityHeaders({ hsts: false, contentSecurityPolicy: false }), '/api/');
    expect(api).not.to.have.property('strict-transport-security');
    expect(api).not.to.have.property('content-security-policy');
    expect(api['x-content-type-options']).to.equal('nosniff');
  });

  it('refuse options that make helmet compute a header per request (a CSP nonce)', () => {
    const nonce = { contentSecurityPolicy: { directives: { scriptSrc: ["'self'", (_req: unknown, res: unknown) => `'nonce-${String((res as { locals?: { n?: string } }).locals?.n)}'`] } } };
    expect(() => securityHeaders(nonce as never)).to.throw();
  });
});
