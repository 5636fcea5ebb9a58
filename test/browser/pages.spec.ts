/**
 * The web pages in a real browser (Debian's chromium through playwright-core) against a real server process:
 * the login redirect and its way back, register, logout, a forged form post, an open-redirect attempt.
 * A failed test keeps a screenshot in test-results/browser/.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ServerProcess } from '../e2e/support.js';
import { keepScreenshot, launchChromium, newContext, startWebServer } from './support.js';

describe('the web pages in chromium', function () {
  this.timeout(180_000);
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let blocked: string[];
  let counter = 0;
  const url = (path: string) => `${server.baseUrl}${path}`;
  const path = (p: Page) => { const u = new URL(p.url()); return `${u.pathname}${u.search}`; };

  /** A new account through the public API (each test gets its own user). */
  async function newUser(): Promise<{ username: string; password: string }> {
    const username = `browser.user${++counter}`;
    const password = 'correct-horse-9';
    const res = await fetch(url('/api/users/'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password, first_name: 'Browser', last_name: `User${counter}` }),
    });
    expect(res.status, await res.clone().text()).to.equal(201);
    return { username, password };
  }

  async function logIn(user: { username: string; password: string }) {
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/web/auth/session/') || u.search === ''), page.getByRole('button', { name: 'Log In' }).click()]);
  }

  before(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    ({ context, page, blocked } = await newContext(browser));
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      const file = await keepScreenshot(page, this.currentTest.fullTitle());
      if (file) console.error(`    screenshot: ${file}`);
    }
    await context?.close();
  });

  it('sends a protected page to the login with its referer, and back to it after login', async () => {
    const user = await newUser();
    await page.goto(url('/web/?tab=2'));
    expect(path(page)).to.equal(`/web/auth/session/?referer=${encodeURIComponent('/web/?tab=2')}`);
    expect(await page.getByRole('heading', { name: 'Log in' }).count()).to.equal(1);
    await logIn(user);
    expect(path(page)).to.equal('/web/?tab=2');
    expect(await page.locator('.account').innerText()).to.contain(`Signed in as ${user.username}`);
  });

  it('registers a new user with the form and lands signed in', async () => {
    await page.goto(url('/web/auth/session/'));
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL('**/web/auth/session/register/');
    await page.getByLabel('Username').fill('fresh.face');
    await page.getByLabel('First name').fill('Fresh');
    await page.getByLabel('Last name').fill('Face');
    await page.getByLabel('Email').fill('fresh@example.com');
    await page.getByLabel('Password').fill('long-enough-pass');
    await Promise.all([page.waitForURL('**/web/'), page.getByRole('button', { name: 'Create account' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Hello, Fresh Face');
    expect(await page.locator('.account').innerText()).to.contain('Signed in as fresh.face');
  });

  it('shows the register form\'s errors beside the fields, keeping the values', async () => {
    await page.goto(url('/web/auth/session/register/'));
    await page.getByLabel('Username').fill('bad name');
    await page.getByLabel('First name').fill('Kept');
    await page.getByLabel('Password').fill('short');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Create account' }).click()]);
    await page.waitForSelector('#error_username');
    expect(await page.locator('#error_username').innerText()).to.equal('Use letters, digits and . _ - only.');
    expect(await page.getByLabel('First name').inputValue()).to.equal('Kept');
    expect(await page.getByLabel('Password').inputValue()).to.equal('');
    expect(await page.getByLabel('Username').getAttribute('aria-describedby')).to.contain('error_username');
  });

  it('logs out: the session ends and /web sends to the login again', async () => {
    const user = await newUser();
    await page.goto(url('/web/auth/session/'));
    await logIn(user);
    expect(path(page)).to.equal('/web/');
    await Promise.all([page.waitForURL('**/web/auth/session/'), page.locator('.account').getByRole('button', { name: 'Log out' }).click()]);
    expect(await page.getByRole('heading', { name: 'Log in' }).count()).to.equal(1);
    await page.goto(url('/web/'));
    expect(path(page)).to.equal(`/web/auth/session/?referer=${encodeURIComponent('/web/')}`);
    expect((await context.cookies()).map((c) => c.name)).not.to.include('session');
  });

  describe('a forged form post', () => {
    let attacker: Server;
    let attackerUrl = '';
    before(async () => {
      // Another site (localhost is not the same site as 127.0.0.1) whose page posts a form to the app's logout.
      attacker = createServer((_req, res) => {
        res.setHeader('Content-Type', 'text/html');
        res.end(`<!doctype html><form id="f" method="post" action="${server.baseUrl}/web/auth/logout/">
          <input name="csrf_token" value="guessed"></form><script>document.getElementById('f').submit()</script>`);
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
      attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
    });
    after(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

    it('from another site is refused, and the user stays signed in', async () => {
      const user = await newUser();
      await page.goto(url('/web/auth/session/'));
      await logIn(user);
      const response = page.waitForResponse((r) => r.url().endsWith('/web/auth/logout/'));
      await page.goto(attackerUrl);
      const refused = await response;
      expect(refused.status()).to.be.oneOf([400, 401, 403]);
      await page.waitForLoadState('load');
      expect(await page.locator('.lead').innerText()).to.match(/CSRF|Origin checking failed/);
      await page.goto(url('/web/'));
      expect(path(page)).to.equal('/web/');
      expect(await page.locator('.account').innerText()).to.contain(`Signed in as ${user.username}`);
    });

    it('from the site itself without the token is refused too', async () => {
      const user = await newUser();
      await page.goto(url('/web/auth/session/'));
      await logIn(user);
      const response = page.waitForResponse((r) => r.url().endsWith('/web/auth/logout/'));
      // A script of the page (the suite has no DOM types: the code runs in the browser, given as text).
      await page.evaluate(`(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/web/auth/logout/';
        document.body.append(form);
        form.submit();
      })()`);
      expect((await response).status()).to.equal(400);
      await page.waitForLoadState('load');
      expect(await page.locator('.lead').innerText()).to.contain('The CSRF token is missing');
      await page.goto(url('/web/'));
      expect(path(page)).to.equal('/web/');
    });
  });

  for (const referer of ['https://evil.example/', '//evil.example/', '/\\evil.example/', 'javascript:alert(1)']) {
    it(`stays on the site when the login referer is ${referer}`, async () => {
      const user = await newUser();
      await page.goto(url(`/web/auth/session/?referer=${encodeURIComponent(referer)}`));
      await logIn(user);
      expect(new URL(page.url()).origin).to.equal(server.baseUrl);
      expect(path(page)).to.equal('/web/');
      expect(blocked).to.deep.equal([]);
    });
  }
});
