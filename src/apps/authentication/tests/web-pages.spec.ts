/**
 * The login, register and logout pages (same-site referers only; a register form whose fields match its
 * handler) and the /web session guard, through HTTP as a browser sends it: forms, cookies, redirects.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { User } from '../../user/models/index.js';
import { WebSession } from '../models/index.js';
import { Browser, setCookies, tokenIn } from './web-client.js';

const LOGIN = '/web/auth/session/';
const REGISTER = '/web/auth/session/register/';
const LOGOUT = '/web/auth/logout/';

describe('web pages: login, register, logout', () => {
  const t = useTestCase({ fixtures: ['users'] });
  let browser: Browser;
  beforeEach(() => { browser = new Browser(); });

  describe('GET /web/auth/session/ (login page)', () => {
    it('renders a finished form: labelled fields, the CSRF field, the register link, the stylesheet', async () => {
      const res = await browser.get(LOGIN);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/html/);
      expect(res.text).to.contain('<form method="post" action="/web/auth/session/"');
      for (const name of ['username', 'password']) {
        expect(res.text).to.contain(`<label for="id_${name}">`);
        expect(res.text).to.match(new RegExp(`<input id="id_${name}" name="${name}"`));
      }
      expect(res.text).to.match(/<button type="submit"[^>]*>Log In<\/button>/);
      expect(res.text).to.contain(`href="${REGISTER}"`);
      expect(res.text).to.match(/<link rel="stylesheet" href="\/static\/kit\/css\/kit\.css\?v=[0-9a-f]{12}">/);
      expect(tokenIn(res.text)).to.match(/^[0-9a-f]{64}\.[0-9a-f]{64}$/);
    });

    it('sets the CSRF cookie: HttpOnly, SameSite=Strict, Path=/, holding the page token', async () => {
      const res = await browser.get(LOGIN);
      const cookie = setCookies(res).csrftoken!;
      expect(cookie.value).to.equal(tokenIn(res.text));
      expect(cookie.raw).to.match(/HttpOnly/).and.match(/SameSite=Strict/).and.match(/Path=\//);
      expect(cookie.raw).not.to.match(/Secure/); // only in production
      expect(res.headers['cache-control']).to.equal('no-store');
    });

    it('keeps a safe referer in the form, and drops an unsafe one', async () => {
      const safe = await browser.get(`${LOGIN}?referer=${encodeURIComponent('/web/chat/?room=2')}`);
      expect(safe.text).to.contain('<input type="hidden" name="referer" value="/web/chat/?room=2">');
      const unsafe = await browser.get(`${LOGIN}?referer=${encodeURIComponent('https://evil.example/')}`);
      expect(unsafe.text).not.to.contain('evil.example');
    });

    it('sends a visitor who is already signed in on to the start page', async () => {
      await browser.login('test', 'test');
      const res = await browser.get(LOGIN);
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal('/web/');
    });
  });

  describe('POST /web/auth/session/ (login)', () => {
    it('signs in: a session cookie (HttpOnly, SameSite=Lax), a server-side row, 302 to the start page', async () => {
      const res = await browser.login('test', 'test');
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal('/web/');
      const cookie = setCookies(res).session!;
      expect(cookie.raw).to.match(/HttpOnly/).and.match(/SameSite=Lax/).and.match(/Max-Age=3600/);
      const user = await User.getOr404({ username: 'test' });
      expect(await WebSession.count({ user })).to.equal(1);
      const home = await browser.get('/web/');
      expect(home.status).to.equal(200);
      expect(home.text).to.contain('Signed in as <strong>test</strong>').and.contain('Hello, Pytest FastAPI');
    });

    it('goes back to the page that asked for the login (the referer query)', async () => {
      const token = await browser.token();
      const res = await browser.post(`${LOGIN}?referer=${encodeURIComponent('/web/?tab=2')}`, { username: 'test', password: 'test', csrf_token: token });
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal('/web/?tab=2');
    });

    it('takes the referer from the form field too (what the page posts)', async () => {
      const token = await browser.token();
      const res = await browser.post(LOGIN, { username: 'test', password: 'test', csrf_token: token, referer: '/web/x/' });
      expect(res.headers.location).to.equal('/web/x/');
    });

    // Only same-site relative paths; everything else falls back to the start page.
    for (const referer of ['https://evil.example/', '//evil.example', '/\\evil.example', '\\\\evil.example', 'http:evil.example', 'javascript:alert(1)', '/\t/evil.example', 'web/relative', '']) {
      it(`does not follow the referer ${JSON.stringify(referer)}`, async () => {
        const token = await browser.token();
        const res = await browser.post(`${LOGIN}?referer=${encodeURIComponent(referer)}`, { username: 'test', password: 'test', csrf_token: token });
        expect(res.status).to.equal(302);
        expect(res.headers.location).to.equal('/web/');
      });
    }

    it('shows "credentials are invalid" for a wrong password, keeps the username, never echoes the password', async () => {
      const token = await browser.token();
      const res = await browser.post(LOGIN, { username: 'test', password: 'Wr0ng-Pa55', csrf_token: token });
      expect(res.status).to.equal(400);
      expect(res.text).to.contain('<p class="alert" role="alert" id="form-error">Authentication error: credentials are invalid.</p>');
      expect(res.text).to.contain('name="username" type="text" value="test"');
      expect(res.text).not.to.contain('Wr0ng-Pa55');
      expect(setCookies(res).session).to.equal(undefined);
    });

    it('gives an unknown user the same answer as a wrong password, so usernames cannot be probed', async () => {
      const token = await browser.token();
      const res = await browser.post(LOGIN, { username: 'nobody', password: 'x', csrf_token: token });
      expect(res.status).to.equal(400);
      expect(res.text).to.contain('Authentication error: credentials are invalid.');
    });

    it('puts each missing field\'s error beside it (aria-describedby), 422', async () => {
      const token = await browser.token();
      const res = await browser.post(LOGIN, { username: '', csrf_token: token });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain('aria-invalid="true" aria-describedby="error_username"');
      expect(res.text).to.contain('<p class="error" id="error_username">Enter your username.</p>');
      expect(res.text).to.contain('<p class="error" id="error_password">Enter your password.</p>');
    });

    it('is throttled as the API: after 5 failures the page answers 429 with Retry-After, even with the right password', async () => {
      for (let i = 0; i < 5; i++) {
        const token = await browser.token();
        expect((await browser.post(LOGIN, { username: 'test', password: `bad${i}`, csrf_token: token })).status).to.equal(400);
      }
      const token = await browser.token();
      const res = await browser.post(LOGIN, { username: 'test', password: 'test', csrf_token: token });
      expect(res.status).to.equal(429);
      expect(Number(res.headers['retry-after'])).to.be.greaterThan(0);
      expect(res.text).to.contain('Too many failed login attempts.');
    });

    it('shares the throttle with POST /api/auth/token/ (one budget per username)', async () => {
      for (let i = 0; i < 5; i++) await t.client.post('/api/auth/token/').type('form').send({ username: 'test', password: `bad${i}` });
      const token = await browser.token();
      expect((await browser.post(LOGIN, { username: 'test', password: 'test', csrf_token: token })).status).to.equal(429);
    });

    it('rotates the session id on every login and revokes the browser\'s previous session', async () => {
      await browser.login('test', 'test');
      const first = browser.cookies.session!;
      // Signed in already: the login page redirects, so take the token of the start page and post the form.
      const token = await browser.token('/web/');
      expect((await browser.post(LOGIN, { username: 'active', password: 'active123', csrf_token: token })).status).to.equal(302);
      const second = browser.cookies.session!;
      expect(second).not.to.equal(first);
      const replay = new Browser();
      replay.cookies.session = first;
      expect((await replay.get('/web/')).status).to.equal(307);
      expect(await WebSession.count()).to.equal(1);
    });

    it('refuses a session cookie whose signature was tampered with, without a query', async () => {
      await browser.login('test', 'test');
      const [key] = browser.cookies.session!.split('.');
      browser.cookies.session = `${key}.AAAA${'x'.repeat(39)}`;
      await t.assertNumQueries(0, async () => expect((await browser.get('/web/')).status).to.equal(307));
    });
  });

  describe('session lifetime', () => {
    it('ends a session idle for longer than SESSION_IDLE_MINUTES (and deletes its row)', async () => {
      await browser.login('test', 'test');
      await t.em.execute(`update web_session set last_seen_at = now() - interval '61 minutes'`);
      expect((await browser.get('/web/')).status).to.equal(307);
      expect(await WebSession.count()).to.equal(0);
    });

    it('ends a session past its absolute lifetime, however active', async () => {
      await browser.login('test', 'test');
      await t.em.execute(`update web_session set expires_at = now() - interval '1 second'`);
      expect((await browser.get('/web/')).status).to.equal(307);
    });

    it('slides the inactivity window: a request after a minute refreshes last_seen_at and the cookie', async () => {
      await browser.login('test', 'test');
      await t.em.execute(`update web_session set last_seen_at = now() - interval '30 minutes'`);
      const res = await browser.get('/web/');
      expect(res.status).to.equal(200);
      expect(setCookies(res).session?.raw).to.match(/Max-Age=3600/);
      const [row] = await t.em.execute<Array<{ idle: number }>>(`select extract(epoch from now() - last_seen_at) as idle from web_session`);
      expect(Number(row!.idle)).to.be.lessThan(60);
    });

    it('ends every session of a user whose password changes', async () => {
      await browser.login('test', 'test');
      const user = await User.getOr404({ username: 'test' });
      await user.assign({ password: 'a-new-password' }).save();
      expect((await browser.get('/web/')).status).to.equal(307);
    });
  });

  describe('GET/POST /web/auth/session/register/', () => {
    const valid = { username: 'new.user', first_name: 'New', last_name: 'User', email: 'new@example.com', password: 'long-enough-1' };

    it('renders a form whose field names are the handler\'s, with the CSRF field', async () => {
      const res = await browser.get(REGISTER);
      expect(res.status).to.equal(200);
      for (const name of ['username', 'first_name', 'last_name', 'email', 'password']) {
        expect(res.text).to.contain(`<label for="id_${name}">`);
        expect(res.text).to.contain(`name="${name}"`);
      }
      expect(res.text).to.contain('name="csrf_token"');
      expect(res.text).to.contain('action="/web/auth/session/register/"');
    });

    it('creates the user (password hashed, role ignored: nobody makes themselves admin), signs them in and lands on the start page', async () => {
      const token = await browser.token(REGISTER);
      const res = await browser.post(REGISTER, { ...valid, role: 'admin', csrf_token: token });
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal('/web/');
      const user = await User.getOr404({ username: 'new.user' });
      expect(user.role).to.equal('active');
      expect(user.password).to.match(/^\$2[aby]\$/);
      expect(await user.checkPassword('long-enough-1')).to.equal(true);
      const home = await browser.get('/web/');
      expect(home.text).to.contain('Signed in as <strong>new.user</strong>');
    });

    it('accepts a blank email as none', async () => {
      const token = await browser.token(REGISTER);
      expect((await browser.post(REGISTER, { ...valid, email: '', csrf_token: token })).status).to.equal(302);
      expect((await User.getOr404({ username: 'new.user' })).email).to.equal(null);
    });

    it('shows each invalid field\'s error beside it and keeps the values, never the password', async () => {
      const token = await browser.token(REGISTER);
      const res = await browser.post(REGISTER, { username: 'bad name!', first_name: '', last_name: 'Kept<b>', email: 'not-an-email', password: 'short', csrf_token: token });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain('<p class="error" id="error_username">Use letters, digits and . _ - only.</p>');
      expect(res.text).to.contain('<p class="error" id="error_first_name">Enter your first name.</p>');
      expect(res.text).to.contain('<p class="error" id="error_email">Enter a valid email address.</p>');
      expect(res.text).to.contain('<p class="error" id="error_password">Use at least 8 characters.</p>');
      expect(res.text).to.contain('value="bad name!"').and.contain('value="Kept&lt;b&gt;"').and.contain('value="not-an-email"');
      expect(res.text).not.to.contain('short"');
      expect(await User.count({ username: 'bad name!' })).to.equal(0);
    });

    it('says a taken username is taken, beside the field (409, not a 500)', async () => {
      const token = await browser.token(REGISTER);
      const res = await browser.post(REGISTER, { ...valid, username: 'test', csrf_token: token });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain('<p class="error" id="error_username">That username is taken. Choose another one.</p>');
    });

    it('says a used email is used, beside the field', async () => {
      const token = await browser.token(REGISTER);
      const res = await browser.post(REGISTER, { ...valid, email: 'pytest@example.com', csrf_token: token });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain('id="error_email">An account with this email exists.');
    });
  });

  describe('POST /web/auth/logout/', () => {
    it('ends the session: the row is deleted, the cookie expired, 302 to the login page', async () => {
      await browser.login('test', 'test');
      const cookie = browser.cookies.session!;
      const token = tokenIn((await browser.get('/web/')).text);
      const res = await browser.post(LOGOUT, { csrf_token: token });
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal(LOGIN);
      expect(setCookies(res).session!.raw).to.match(/Expires=Thu, 01 Jan 1970/);
      expect(await WebSession.count()).to.equal(0);
      // The old cookie replayed (another replica, a stolen copy) opens nothing.
      const replay = new Browser();
      replay.cookies.session = cookie;
      expect((await replay.get('/web/')).status).to.equal(307);
    });

    it('needs the CSRF token (a forged logout is refused)', async () => {
      await browser.login('test', 'test');
      const res = await browser.post(LOGOUT, {});
      expect(res.status).to.equal(400);
      expect(await WebSession.count()).to.equal(1);
    });
  });

  describe('the /web session guard', () => {
    it('sends a visitor without a session to the login page with the page as referer (307)', async () => {
      const res = await browser.get('/web/?tab=2');
      expect(res.status).to.equal(307);
      expect(res.headers.location).to.equal(`${LOGIN}?referer=${encodeURIComponent('/web/?tab=2')}`);
    });

    it('guards unknown /web paths too (no hint of what exists)', async () => {
      const res = await browser.get('/web/secret/page/');
      expect(res.status).to.equal(307);
      expect(res.headers.location).to.equal(`${LOGIN}?referer=${encodeURIComponent('/web/secret/page/')}`);
    });

    it('does not let a bearer token open /web pages', async () => {
      await t.client.login('test');
      const res = await t.client.get('/web/');
      expect(res.status).to.equal(307);
    });

    it('lets the login, register pages through', async () => {
      expect((await browser.get(LOGIN)).status).to.equal(200);
      expect((await browser.get(REGISTER)).status).to.equal(200);
    });
  });

  describe('errors under /web are pages, /api stays JSON', () => {
    it('answers an unknown /web page with a 404 page for a signed-in user', async () => {
      await browser.login('test', 'test');
      const res = await browser.get('/web/no/such/page/');
      expect(res.status).to.equal(404);
      expect(res.headers['content-type']).to.match(/^text\/html/);
      expect(res.text).to.contain('<h1 id="error-title">Page not found</h1>');
      expect(res.text).to.contain('href="/web/"');
    });

    it('answers a CSRF failure under /web with a page, under /api with {"detail"}', async () => {
      await browser.login('test', 'test');
      const page = await browser.post('/web/auth/logout/', { csrf_token: 'x' });
      expect(page.headers['content-type']).to.match(/^text\/html/);
      expect(page.text).to.contain('The CSRF signatures submitted do not match.');
      const api = await browser.post('/api/auth/logout/', {});
      expect(api.headers['content-type']).to.match(/^application\/json/);
      expect(api.body.detail).to.match(/^The CSRF token is missing/);
    });

    it('keeps JSON 404s under /api', async () => {
      const res = await browser.get('/api/no/such/');
      expect(res.status).to.equal(404);
      expect(res.body).to.deep.equal({ detail: 'Not Found' });
    });
  });

  describe('the session on /api', () => {
    it('authenticates /api calls from the session cookie when no bearer token is sent', async () => {
      await browser.login('test', 'test');
      const res = await browser.get('/api/users/groups/');
      expect(res.status).to.equal(200);
    });

    it('lets a bearer token win over the session cookie', async () => {
      await browser.login('test', 'test');
      const res = await browser.get('/api/users/groups/', { Authorization: 'Bearer not-a-token' });
      expect(res.status).to.equal(401);
    });
  });
});
