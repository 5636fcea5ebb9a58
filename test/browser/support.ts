/**
 * Helpers of the browser suite: Debian's chromium driven by playwright-core, a real server process on the
 * embedded database, and a screenshot kept for every failed test (test-results/browser/).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../src/settings/paths.js';
import { startProcess, type ServerProcess } from '../e2e/support.js';

/** Where failed tests leave their screenshot. */
export const SHOTS_DIR = join(projectRoot, 'test-results', 'browser');

/** The flags the suite runs chromium with: headless, no sandbox (root in CI), no traffic of its own. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launches Debian's chromium (`apt-get install -y chromium`). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Starts `manage serve` on a free port, on an in-memory embedded database (migrations applied at start). */
export async function startWebServer(): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, APP_ENVIRONMENT: 'test', PGLITE_DIR: 'memory', PASSWORD_HASH_ROUNDS: '4', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const server = await startProcess(['dist/src/manage.js', 'serve'], env);
  await server.ready(300_000);
  return server;
}

/**
 * A fresh browser context (no cookies) whose requests may only reach loopback: anything else is aborted, so
 * an open redirect shows up as a navigation attempt, never as traffic.
 */
export async function newContext(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page; blocked: string[] }> {
  const context = await browser.newContext({ viewport });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return { context, page: await context.newPage(), blocked };
}

/** Saves a full-page screenshot of `page` named after the test. */
export async function keepScreenshot(page: Page | undefined, title: string): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  mkdirSync(SHOTS_DIR, { recursive: true });
  const file = join(SHOTS_DIR, `${title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 120)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
