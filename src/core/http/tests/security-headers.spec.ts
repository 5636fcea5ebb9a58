/** The security headers computed once at start-up are exactly the ones helmet sets per request. */
import { expect } from 'chai';
import express from 'express';
import helmet from 'helmet';
import supertest from 'supertest';
import { securityHeaders } from '../middleware/security-headers.js';

const headersOf = async (middleware: express.RequestHandler) => {
  const app = express().disable('x-powered-by').use(middleware).get('/', (_req, res) => { res.send('ok'); });
  const res = await supertest(app).get('/');
  const { date: _date, etag: _etag, ...rest } = res.headers;
  return rest;
};

describe('security headers', () => {
  it('are the headers helmet sets, for the options the app uses and for others', async () => {
    for (const options of [{ referrerPolicy: { policy: 'same-origin' as const } }, {}, { hsts: false, frameguard: { action: 'deny' as const } }]) {
      expect(await headersOf(securityHeaders(options))).to.deep.equal(await headersOf(helmet(options)));
    }
  });

  it('refuse options that make helmet compute a header per request (a CSP nonce)', () => {
    const nonce = { contentSecurityPolicy: { directives: { scriptSrc: ["'self'", (_req: unknown, res: unknown) => `'nonce-${String((res as { locals?: { n?: string } }).locals?.n)}'`] } } };
    expect(() => securityHeaders(nonce as never)).to.throw();
  });
});
