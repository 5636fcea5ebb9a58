/**
 * POST /api/users/me/password/: a user changes their own password with the current one. Every other token and
 * web session of the user stops working; the token or session the change was made with keeps working.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { User } from '../../user/models/index.js';
import { JWTToken, WebSession } from '../models/index.js';
import { WRONG_CURRENT_PASSWORD } from '../services/password-change.js';
import { scanEveryResponse } from './no-secrets.js';
import { Browser } from './web-client.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('changing one\'s own password (POST /api/users/me/password/)', () => {
  const t = useTestCase({ fixtures: ['users'] });
  scanEveryResponse();

  const login = (username: string, password: string) => t.client.post(t.urlFor('jwt-auth')).type('form').send({ username, password });
  const tokenOf = async (username: string, password: string) => (await login(username, password)).body.access_token as string;
  const me = (token: string) => t.client.get(t.urlFor('user-me')).set(bearer(token));
  const change = (token: string, body: Record<string, unknown>) => t.client.post(t.urlFor('user-me-password')).set(bearer(token)).send(body);

  it('changes the password (204): the token used keeps working, every other token is revoked', async () => {
    const laptop = await tokenOf('test', 'test');
    const phone = await tokenOf('test', 'test');
    const other = await tokenOf('active', 'active123');

    const res = await change(laptop, { current_password: 'test', new_password: 'a-new-password' });
    expect(res.status).to.equal(204);
    expect(res.text).to.equal('');

    expect((await me(laptop)).status).to.equal(200);
    const old = await me(phone);
    expect(old.status).to.equal(401);
    expect(old.body).to.deep.equal({ detail: 'Invalid authentication token.' });
    expect((await me(other)).status, 'another user\'s token').to.equal(200);
    const user = (await User.get({ username: 'test' }))!;
    expect(await JWTToken.count({ user })).to.equal(1);

    expect((await login('test', 'test')).status).to.equal(400);
    expect((await login('test', 'a-new-password')).status).to.equal(200);
  });

  it('refuses a wrong current password (400, the login\'s wording) and changes nothing', async () => {
    const laptop = await tokenOf('test', 'test');
    const phone = await tokenOf('test', 'test');
    const res = await change(laptop, { current_password: 'wrong', new_password: 'a-new-password' });
    expect(res.status).to.equal(400);
    expect(res.body).to.deep.equal({ detail: WRONG_CURRENT_PASSWORD });
    expect(WRONG_CURRENT_PASSWORD).to.equal('Authentication error: the current password is incorrect.');
    expect((await me(phone)).status).to.equal(200);
    expect((await login('test', 'test')).status).to.equal(200);
  });

  it('counts wrong current passwords as failed logins: after LOGIN_MAX_FAILURES a 429 with Retry-After, even for the right one', async () => {
    const token = await tokenOf('test', 'test');
    for (let i = 0; i < 5; i++) expect((await change(token, { current_password: `guess-${i}`, new_password: 'a-new-password' })).status).to.equal(400);
    const blocked = await change(token, { current_password: 'test', new_password: 'a-new-password' });
    expect(blocked.status).to.equal(429);
    expect(Number(blocked.headers['retry-after'])).to.be.greaterThan(0);
    expect(await (await User.get({ username: 'test' }))!.checkPassword('test')).to.equal(true);
  });

  it('validates the body: both fields required, the new password under registration\'s rules, no other field', async () => {
    const token = await tokenOf('test', 'test');
    const missing = await change(token, {});
    expect(missing.status).to.equal(422);
    expect(missing.body.detail.map((i: { loc: string[] }) => i.loc.join('.'))).to.have.members(['body.current_password', 'body.new_password']);
    expect((await change(token, { current_password: 'test', new_password: '' })).status).to.equal(422);
    const long = await change(token, { current_password: 'test', new_password: 'x'.repeat(129) });
    expect(long.status).to.equal(422);
    expect(long.body.detail[0].loc).to.deep.equal(['body', 'new_password']);
    const extra = await change(token, { current_password: 'test', new_password: 'a-new-password', username: 'root' });
    expect(extra.status).to.equal(422);
    expect((await login('test', 'test')).status).to.equal(200);
  });

  it('is 401 with WWW-Authenticate for an anonymous caller', async () => {
    const res = await t.client.post(t.urlFor('user-me-password')).send({ current_password: 'test', new_password: 'a-new-password' });
    expect(res.status).to.equal(401);
    expect(res.body).to.deep.equal({ detail: 'Not authenticated' });
    expect(res.headers['www-authenticate']).to.equal('Bearer');
  });

  describe('web sessions', () => {
    it('a change made with a token ends every web session of the user', async () => {
      const browser = new Browser();
      await browser.login('test', 'test');
      expect((await browser.get('/web/')).status).to.equal(200);
      expect((await change(await tokenOf('test', 'test'), { current_password: 'test', new_password: 'a-new-password' })).status).to.equal(204);
      expect((await browser.get('/web/')).status).to.equal(307);
    });

    it('a change made in a web session (cookie and CSRF token) keeps that session and ends the user\'s others', async () => {
      const here = new Browser();
      const elsewhere = new Browser();
      await here.login('test', 'test');
      await elsewhere.login('test', 'test');
      const csrf = await here.token('/web/');
      const res = await here.post(t.urlFor('user-me-password'), { current_password: 'test', new_password: 'a-new-password' }, { json: true, headers: { 'X-CSRF-Token': csrf } });
      expect(res.status).to.equal(204);
      expect((await here.get('/web/')).status).to.equal(200);
      expect((await elsewhere.get('/web/')).status).to.equal(307);
      const user = (await User.get({ username: 'test' }))!;
      expect(await WebSession.count({ user })).to.equal(1);
    });
  });
});
