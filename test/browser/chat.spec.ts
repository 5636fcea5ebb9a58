/**
 * End to end in a real browser (Debian's chromium through playwright-core): two users, each in their own
 * browser context, sign in on two different server processes that share PostgreSQL and Redis, open the same
 * room on the chat page and talk to each other; each message crosses processes through Redis pub/sub.
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, manage, NPM_START, processEnv, startProcess, type ServerProcess, type TestDatabase } from '../e2e/support.js';
import { keepScreenshot, launchChromium, newContext } from './support.js';

/** Database 11 of the local Redis: pub/sub channels carry it as a prefix, so other runs do not hear this one. */
const REDIS_URL = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379/11';

describe('end to end: the chat page in a browser, across two server processes', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let servers: ServerProcess[] = [];
  let browser: Browser;

  const pages: Page[] = [];

  before(async function () {
    db = await createDatabase();
    const env = { ...processEnv(db.url), REDIS_URL };
    const seeded = await manage(['seed', '--names', 'chat'], env);
    expect(seeded.code, seeded.stderr).to.equal(0);
    servers = [await startProcess(NPM_START, env), await startProcess(NPM_START, env)];
    await Promise.all(servers.map((s) => s.ready()));
    browser = await launchChromium();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      for (const s of servers) console.error(`--- server output ---\n${s.log}`);
      for (const [i, page] of pages.entries()) await keepScreenshot(page, `chat ${this.currentTest.title} ${i}`);
    }
    for (const page of pages.splice(0)) await page.context().close();
  });

  after(async () => {
    await browser?.close();
    for (const s of servers) if (s.running) await s.stop();
    await db?.drop();
  });

  /** A new browser context signed in as `username` on `server`, on the chat page. */
  async function signIn(server: ServerProcess, username: string): Promise<Page> {
    const { page } = await newContext(browser);
    pages.push(page);
    page.on('pageerror', (error) => console.error(`[${username}] page error: ${error.message}`));
    await page.goto(`${server.baseUrl}/`);
    // `/` → /web/chat/ → the login page, which brings the user back to the chat after signing in.
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', `${username}_pass`);
    await Promise.all([page.waitForURL(/\/web\/chat\/$/, { timeout: 15_000 }), page.click('button[type="submit"]')]).catch(async (error: unknown) => {
      throw new Error(`${username} did not reach the chat page (${page.url()}): ${String(error)}\n${(await page.textContent('main')) ?? ''}`);
    });
    await page.locator('#chat-status', { hasText: 'Connected' }).waitFor();
    return page;
  }

  async function openRoom(page: Page, roomId: string): Promise<void> {
    await page.click(`.room[data-id="${roomId}"] .room-open`);
    await page.locator('#send-form').waitFor({ state: 'visible' });
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.fill('#message-input', text);
    await page.click('#send-form button[type="submit"]');
  }

  it('lets alice (server 1) and bob (server 2) talk in the same room', async () => {
    const alice = await signIn(servers[0]!, 'alice');
    const bob = await signIn(servers[1]!, 'bob');
    const roomId = (await alice.locator('.room[data-name="general"]').getAttribute('data-id'))!;
    await openRoom(alice, roomId);
    await openRoom(bob, roomId);
    // The history came through the API (fixtures): both see it.
    await bob.locator('.message .content', { hasText: 'Hello from alice' }).waitFor();

    await say(alice, 'Hi bob, from process one');
    await bob.locator('.message', { hasText: 'Hi bob, from process one' }).locator('.author', { hasText: 'alice' }).waitFor();
    await say(bob, 'Hello alice, from process two');
    await alice.locator('.message', { hasText: 'Hello alice, from process two' }).locator('.author', { hasText: 'bob' }).waitFor();
    expect(await alice.locator('.message .content').allTextContents()).to.include.members(['Hi bob, from process one', 'Hello alice, from process two']);

    // Deleting one's own message removes it from the other page too.
    await bob.locator('.message', { hasText: 'Hello alice, from process two' }).locator('.message-delete').click();
    await alice.locator('.message', { hasText: 'Hello alice, from process two' }).waitFor({ state: 'detached' });
  });

  it('keeps carol out of a room until she joins, then lets her search, join and talk', async () => {
    const carol = await signIn(servers[1]!, 'carol');
    const alice = await signIn(servers[0]!, 'alice');
    const roomId = (await alice.locator('.room[data-name="general"]').getAttribute('data-id'))!;
    await openRoom(alice, roomId);
    await carol.click(`.room[data-id="${roomId}"] .room-open`);
    await carol.locator('#chat-alert', { hasText: 'Join this room' }).waitFor();
    await carol.fill('#room-search', 'gen');
    await carol.press('#room-search', 'Enter');
    await Promise.all([carol.waitForEvent('load'), carol.click(`.room[data-id="${roomId}"] .room-subscribe button`)]);
    await carol.locator('#chat-status', { hasText: 'Connected' }).waitFor();
    await openRoom(carol, roomId);
    await say(carol, 'carol joined');
    await alice.locator('.message', { hasText: 'carol joined' }).waitFor();
  });

  it('creates a room from the page', async () => {
    const bob = await signIn(servers[0]!, 'bob');
    await bob.fill('#new-room-name', 'builders');
    await bob.check('#new-room-public');
    await Promise.all([bob.waitForEvent('load'), bob.click('#new-room button[type="submit"]')]);
    await bob.locator('.room[data-name="builders"]').waitFor();
  });
});
