/** Helpers for the web tests: a browser-like cookie jar over supertest, CSRF tokens read from pages. */
import supertest from 'supertest';
import { testApp } from '../../../core/testing/index.js';

/** The CSRF token a page embeds (`{% csrf_token %}`). */
export function tokenIn(html: string): string {
  const match = /name="csrf_token" value="([^"]*)"/.exec(html);
  if (!match) throw new Error('No csrf_token field on the page.');
  return match[1]!;
}

/** `name=value` of each Set-Cookie of a response. */
export function setCookies(res: { headers: Record<string, unknown> }): Record<string, { value: string; raw: string }> {
  const header = res.headers['set-cookie'];
  const list = Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
  const out: Record<string, { value: string; raw: string }> = {};
  for (const raw of list) {
    const [pair] = raw.split(';');
    const eq = pair!.indexOf('=');
    out[pair!.slice(0, eq)] = { value: pair!.slice(eq + 1), raw };
  }
  return out;
}

/** A browser stand-in: keeps cookies by hand (so tests can copy, drop or forge them) and never follows redirects. */
export class Browser {
  cookies: Record<string, string> = {};

  private async app() {
    return supertest((await testApp()).app);
  }

  /** The Cookie header this browser sends. */
  get cookieHeader(): string {
    return Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: supertest.Response): supertest.Response {
    for (const [name, { value, raw }] of Object.entries(setCookies(res))) {
      if (/Expires=Thu, 01 Jan 1970/i.test(raw) || value === '') delete this.cookies[name];
      else this.cookies[name] = value;
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const app = await this.app();
    return this.keep(await app.get(url).set({ ...headers, ...(this.cookieHeader ? { Cookie: this.cookieHeader } : {}) }));
  }

  /** Sends an unsafe request: a form (object) by default, `json: true` for JSON. */
  async send(method: 'post' | 'put' | 'patch' | 'delete', url: string, body: Record<string, unknown> = {}, options: { json?: boolean; headers?: Record<string, string> } = {}) {
    const app = await this.app();
    let test = app[method](url).set({ ...(options.headers ?? {}), ...(this.cookieHeader ? { Cookie: this.cookieHeader } : {}) });
    test = options.json ? test.send(body) : test.type('form').send(body as Record<string, string>);
    return this.keep(await test);
  }

  post(url: string, body: Record<string, unknown> = {}, options: { json?: boolean; headers?: Record<string, string> } = {}) {
    return this.send('post', url, body, options);
  }

  /** GETs a page and returns the CSRF token it embeds (the cookie is kept). */
  async token(url = '/web/auth/session/'): Promise<string> {
    return tokenIn((await this.get(url)).text);
  }

  /** Logs in through the login form, as a person would; returns the response of the POST. */
  async login(username: string, password: string, url = '/web/auth/session/') {
    const token = await this.token();
    return this.post(url, { username, password, csrf_token: token });
  }
}
