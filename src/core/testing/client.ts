import supertest from 'supertest';
import type { KitApp } from '../http/index.js';

let app: Promise<KitApp> | undefined;

/** The project's app, built once per test process (routers of every app, as in production). */
export function testApp(): Promise<KitApp> {
  app ??= import('../../main.js').then((main) => main.createApp());
  return app;
}

/** An HTTP client on the app without a port: cookies are kept between its requests, redirects are not followed. */
export type TestClient = ReturnType<typeof supertest.agent>;

/** A fresh client (no cookies, no credentials). */
export async function createTestClient(): Promise<TestClient> {
  return supertest.agent((await testApp()).app);
}
