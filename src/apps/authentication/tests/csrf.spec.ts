/**
 * CSRF protection: the cases of Django's own CSRF test suite, as a table, on a /web form
 * (POST /web/auth/logout/) and on a cookie-authenticated /api call (POST /api/auth/logout/). Bearer calls need
 * no token. A failure keeps the user signed in.
 */
import { expect } from 'chai';
import cookieParser from 'cookie-parser';
import express from 'express';
import supertest from 'supertest';
import { useTestCase } from '../../../core/testing/index.js';
import { CsrfProtection, CSRF_MESSAGES } from '../../../core/web/index.js';
import { WebSession } from '../models/index.js';
import { Browser, tokenIn } from './web-client.js';

const LOGOUT = '/web/auth/logout/';
const LOGIN = '/web/auth/session/';

/** A signed-in browser and the CSRF token of its session (read from a page, as a form would). */
async function signedIn(username = 'test', password = 'test'): Promise<{ browser: Browser; token: string }> {
  const browser = new Browser();
  await browser.login(username, password);
  const token = tokenIn((await browser.get('/web/')).text);
  return { browser, token };
}

interface Case {
  name: string;
  /** Prepares the request from a signed-in browser: returns what to send. */
  request: (s: { browser: Browser; token: string; other: { browser: Browser; token: string } }) => Promise<{ method?: 'post' | 'put' | 'patch' | 'delete'; body?: Record<string, unknown>; json?: boolean; headers?: Record<string, string>; browser?: Browser }>;
  status: number;
  message?: string;
}

const CASES: Case[] = [
  { name: 'the token in the form field', request: async ({ token }) => ({ body: { csrf_token: token } }), status: 302 },
  { name: 'the token in the X-CSRF-Token header', request: async ({ token }) => ({ headers: { 'X-CSRF-Token': token } }), status: 302 },
  { name: 'the token in the JSON body', request: async ({ token }) => ({ body: { csrf_token: token }, json: true }), status: 302 },
  { name: 'the site\'s own Origin with the token', request: async ({ token }) => ({ body: { csrf_token: token }, headers: { Host: 'site.test:8000', Origin: 'http://site.test:8000' } }), status: 302 },
  {
    name: 'a missing CSRF cookie',
    request: async ({ browser, token }) => { delete browser.cookies.csrftoken; return { body: { csrf_token: token } }; },
    status: 400, message: CSRF_MESSAGES.missingCookie('csrftoken'),
  },
  { name: 'a missing token', request: async () => ({ body: {} }), status: 400, message: CSRF_MESSAGES.missingToken },
  { name: 'an empty token', request: async () => ({ body: { csrf_token: '' } }), status: 400, message: CSRF_MESSAGES.missingToken },
  { name: 'a wrong token', request: async () => ({ body: { csrf_token: 'a'.repeat(64) + '.' + 'b'.repeat(64) } }), status: 401, message: CSRF_MESSAGES.mismatch },
  {
    name: 'a forged pair (cookie and field agree but were not signed by the server)',
    request: async ({ browser }) => { const forged = `${'c'.repeat(64)}.${'d'.repeat(64)}`; browser.cookies.csrftoken = forged; return { body: { csrf_token: forged } }; },
    status: 401, message: CSRF_MESSAGES.invalid,
  },
  {
    name: 'the token (and cookie) of another session',
    request: async ({ browser, other }) => { browser.cookies.csrftoken = other.browser.cookies.csrftoken!; return { body: { csrf_token: other.token } }; },
    status: 401, message: CSRF_MESSAGES.invalid,
  },
  {
    name: 'the token of the anonymous login page after signing in',
    request: async ({ browser }) => { const anonymous = new Browser(); const token = await anonymous.token(LOGIN); browser.cookies.csrftoken = anonymous.cookies.csrftoken!; return { body: { csrf_token: token } }; },
    status: 401, message: CSRF_MESSAGES.invalid,
  },
  { name: 'PUT without a token', request: async () => ({ method: 'put', body: {} }), status: 400, message: CSRF_MESSAGES.missingToken },
  { name: 'PATCH without a token', request: async () => ({ method: 'patch', body: {} }), status: 400, message: CSRF_MESSAGES.missingToken },
  { name: 'DELETE without a token', request: async () => ({ method: 'delete', body: {} }), status: 400, message: CSRF_MESSAGES.missingToken },
  { name: 'a foreign Origin, even with the right token', request: async ({ token }) => ({ body: { csrf_token: token }, headers: { Origin: 'https://evil.example' } }), status: 403, message: CSRF_MESSAGES.origin('https://evil.example') },
  { name: 'Origin: null (a sandboxed frame)', request: async ({ token }) => ({ body: { csrf_token: token }, headers: { Origin: 'null' } }), status: 403, message: CSRF_MESSAGES.origin('null') },
  { name: 'a look-alike Origin (another port)', request: async ({ token }) => ({ body: { csrf_token: token }, headers: { Host: 'site.test:8000', Origin: 'http://site.test:8001' } }), status: 403 },
  { name: 'a look-alike Origin (https for an http site)', request: async ({ token }) => ({ body: { csrf_token: token }, headers: { Host: 'site.test:8000', Origin: 'https://site.test:8000' } }), status: 403 },
];

describe('CSRF protection (double submit, csrf-csrf)', () => {
  useTestCase({ fixtures: ['users'] });

  for (const target of [{ where: '/web (a form post)', url: LOGOUT, ok: 302 }, { where: '/api with the session cookie', url: '/api/auth/logout/', ok: 204 }]) {
    describe(target.where, () => {
      for (const c of CASES) {
        const expected = c.status === 302 ? target.ok : c.status;
        it(`${expected < 400 ? 'accepts' : 'refuses'} ${c.name}${expected >= 400 ? ` (${expected})` : ''}`, async () => {
          const mine = await signedIn('test', 'test');
          const other = await signedIn('active', 'active123');
          const sent = await c.request({ ...mine, other });
          const res = await mine.browser.send(sent.method ?? 'post', target.url, sent.body ?? {}, { json: sent.json, headers: sent.headers });
          expect(res.status).to.equal(expected);
          if (c.message) expect(target.ok === 204 ? res.body.detail : res.text).to.contain(c.message);
          if (expected >= 400) expect(await WebSession.count()).to.equal(2); // nobody was logged out
        });
      }
    });
  }

  it('protects the anonymous login form too (login CSRF)', async () => {
    const browser = new Browser();
    await browser.get(LOGIN);
    const res = await browser.post(LOGIN, { username: 'test', password: 'test' });
    expect(res.status).to.equal(400);
    expect(res.text).to.contain(CSRF_MESSAGES.missingToken);
  });

  it('refuses an expired token with the original\'s message: "The CSRF token has expired." (401)', async () => {
    // The cookie and field a browser would still hold from a login page opened two hours ago.
    const twoHoursAgo = new CsrfProtection(() => Date.now() - 2 * 3_600_000);
    const mint = express().use(cookieParser()).get('/', (req, res) => { res.send(twoHoursAgo.token(req, res)); });
    const minted = await supertest(mint).get('/');
    const old = minted.text;
    const browser = new Browser();
    browser.cookies.csrftoken = old;
    const res = await browser.post(LOGIN, { username: 'test', password: 'test', csrf_token: old });
    expect(res.status).to.equal(401);
    expect(res.text).to.contain(CSRF_MESSAGES.expired);
  });

  it('needs no token for safe methods', async () => {
    const { browser } = await signedIn();
    expect((await browser.get('/web/')).status).to.equal(200);
  });

  it('needs no token for a bearer-token call, even with the session cookie in the jar', async () => {
    const { browser } = await signedIn();
    const token = await new Browser().post('/api/auth/token/', { username: 'test', password: 'test' });
    const res = await browser.post('/api/auth/logout/', {}, { headers: { Authorization: `Bearer ${token.body.access_token}` } });
    expect(res.status).to.equal(204);
  });

  it('needs no token for an anonymous /api call (no session: nothing to forge)', async () => {
    const res = await new Browser().post('/api/auth/token/', { username: 'test', password: 'test' });
    expect(res.status).to.equal(200);
  });

  it('keeps the token out of the handler\'s body', async () => {
    const { browser, token } = await signedIn();
    const res = await browser.post('/api/auth/token/', { username: 'test', password: 'test', csrf_token: token }, { json: true });
    expect(res.status).to.equal(200);
  });
});
