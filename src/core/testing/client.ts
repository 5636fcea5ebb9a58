import supertest from 'supertest';
import { resolveOptional, resolveToken, token } from '../di/index.js';
import { AppFactory, type KitApp } from '../http/index.js';

let app: Promise<KitApp> | undefined;

/** The project's app, built once per test process by the registered `AppFactory` (every app's routers, as in production). */
export function testApp(): Promise<KitApp> {
  app ??= resolveToken(AppFactory, 'No AppFactory: the test setup registers the project\'s providers (src/project.ts).')();
  return app;
}

type Agent = ReturnType<typeof supertest.agent>;
type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

/** How the test client obtains a token for a user. */
export type TokenIssuer = (username: string | { username: string }) => Promise<{ token: string; user: unknown }>;
/** The token of the `TokenIssuer`: the authentication app's `testing` module provides it. */
export const TokenIssuer = token<TokenIssuer>('TokenIssuer');

/**
 * An HTTP client on the app without a port: cookies are kept between its requests, redirects are not followed.
 * `login(username)` makes every later request carry that user's bearer token.
 */
export class TestClient {
  private token: string | undefined;
  /** The user logged in with `login`/`forceLogin`, if any. */
  user: unknown;

  constructor(private readonly agent: Agent) {}

  private request(verb: Verb, url: string) {
    const test = this.agent[verb](url);
    return this.token ? test.set('Authorization', `Bearer ${this.token}`) : test;
  }

  get(url: string) { return this.request('get', url); }
  post(url: string) { return this.request('post', url); }
  put(url: string) { return this.request('put', url); }
  patch(url: string) { return this.request('patch', url); }
  delete(url: string) { return this.request('delete', url); }
  head(url: string) { return this.request('head', url); }
  options(url: string) { return this.request('options', url); }

  /** The bearer token sent with each request, if logged in. */
  get accessToken(): string | undefined {
    return this.token;
  }

  /** Logs in as the user with this username (a real token, issued in the test's transaction); returns the user. */
  async login<U = unknown>(username: string): Promise<U> {
    return this.useToken<U>(username);
  }

  /** Logs out, then logs in as this user. */
  async forceLogin<U = unknown>(user: { username: string }): Promise<U> {
    this.logout();
    return this.useToken<U>(user);
  }

  /** Stops sending a token (the token stays valid: use the logout route to revoke it). */
  logout(): void {
    this.token = undefined;
    this.user = undefined;
  }

  private async useToken<U>(who: string | { username: string }): Promise<U> {
    const issuer = resolveOptional(TokenIssuer);
    if (!issuer) throw new Error('No token issuer: the authentication app is not loaded.');
    const { token, user } = await issuer(who);
    this.token = token;
    this.user = user;
    return user as U;
  }
}

/** A fresh client (no cookies, no credentials). */
export async function createTestClient(): Promise<TestClient> {
  return new TestClient(supertest.agent((await testApp()).app));
}
