/** The chat page, its room search, and the websocket authenticated by the web session cookie. */
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import { attachUpgrades } from '../../../core/realtime/index.js';
import { testApp, useTestCase } from '../../../core/testing/index.js';
import { Browser } from '../../authentication/tests/web-client.js';
import { ChatSocketServer } from '../services/index.js';
import { roomOf } from './helpers.js';
import { listen, stop, TestSocket, upgradeStatus } from './socket-client.js';

describe('chat page', () => {
  useTestCase({ fixtures: ['chat'] });

  const signedIn = async (username: string) => {
    const browser = new Browser();
    expect((await browser.login(username, `${username}_pass`)).status).to.equal(302);
    return browser;
  };

  it('sends visitors to the login page, and / to the chat page', async () => {
    const res = await new Browser().get('/web/chat/');
    expect(res.status).to.equal(307);
    expect(res.headers.location).to.match(/^\/web\/auth\/session\/\?referer=%2Fweb%2Fchat%2F/);
    expect((await new Browser().get('/')).headers.location).to.equal('/web/chat/');
  });

  it('lists the rooms the user sees, with join and delete forms where they apply', async () => {
    const [general, secret, bobs] = [await roomOf('general', 'alice'), await roomOf('secret', 'alice'), await roomOf('general', 'bob')];
    const alice = await signedIn('alice');
    const page = await alice.get('/web/chat/');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('<meta name="csrf-token"');
    expect(page.text).to.include('data-ws-path="/web/chat/"');
    const room = (id: number) => new RegExp(`<div class="room"[^>]*data-id="${id}"[\\s\\S]*?</div>`).exec(page.text)?.[0];
    expect(room(general.id)).to.include('room-delete').and.not.include('room-subscribe');
    expect(room(secret.id)).to.include('room-delete');
    expect(room(bobs.id)).to.equal(undefined); // bob's private room is not alice's to see
    const carol = await signedIn('carol');
    const hers = (await carol.get('/web/chat/')).text;
    expect(hers).to.match(new RegExp(`data-id="${general.id}"[\\s\\S]*?room-subscribe`));
    expect(hers).not.to.include('room-delete');
    expect(hers).to.include('/static/chat/');
  });

  it('searches rooms by the start of their name (JSON), within what the user sees', async () => {
    const alice = await signedIn('alice');
    const res = await alice.get('/web/chat/filter/rooms/?room_name=SE');
    expect(res.status).to.equal(200);
    expect(res.body.map((r: { name: string }) => r.name)).to.deep.equal(['secret']);
    const carol = await signedIn('carol');
    expect((await carol.get('/web/chat/filter/rooms/?room_name=se')).body).to.deep.equal([]);
    expect((await carol.get('/web/chat/filter/rooms/')).body.map((r: { name: string }) => r.name)).to.deep.equal(['general']);
  });

  it('lets the page call the API with the session and its CSRF token (and refuses it without)', async () => {
    const general = await roomOf('general', 'alice');
    const carol = await signedIn('carol');
    await carol.get('/web/chat/');
    const withoutToken = await carol.send('patch', `/api/rooms/${general.id}/subscribe/`, {}, { json: true });
    expect(withoutToken.status).to.be.oneOf([400, 401, 403]);
    const token = /<meta name="csrf-token" content="([^"]+)"/.exec((await carol.get('/web/chat/')).text)![1]!;
    const ok = await carol.send('patch', `/api/rooms/${general.id}/subscribe/`, {}, { json: true, headers: { 'X-CSRF-Token': token } });
    expect([ok.status, ok.body]).to.deep.equal([200, { success: true }]);
  });

  describe('websocket with the session cookie', () => {
    let server: Server;
    let endpoint: ChatSocketServer;
    let base: string;
    beforeEach(async () => {
      endpoint = new ChatSocketServer();
      server = createServer((await testApp()).app);
      attachUpgrades(server, [endpoint]);
      base = await listen(server);
    });
    afterEach(async () => {
      await endpoint.close();
      await stop(server);
    });

    it('authenticates the upgrade by the session cookie, and refuses it from another site', async () => {
      const general = await roomOf('general', 'alice');
      const bob = await signedIn('bob');
      const origin = base.replace('ws:', 'http:');
      const socket = await TestSocket.open(`${base}/web/chat/`, { headers: { Cookie: bob.cookieHeader }, origin });
      expect(await socket.join(general.id)).to.deep.equal({ type: 'joined', room_id: general.id });
      await socket.close();
      expect(await upgradeStatus(`${base}/web/chat/`, { headers: { Cookie: bob.cookieHeader }, origin: 'https://evil.example' })).to.equal(403);
      expect(await upgradeStatus(`${base}/web/chat/`, { headers: { Cookie: 'session=forged' }, origin })).to.equal(401);
    });
  });
});
