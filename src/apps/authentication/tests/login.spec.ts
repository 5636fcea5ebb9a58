/**
 * The authentication API (one answer for an unknown user and a wrong password; tokens checked on every
 * request, a new one at each login): a username and password give a bearer
 * token; the token opens protected routes until it expires, is refreshed or is logged out.
 */
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { useTestCase } from '../../../core/testing/index.js';
import { getSettings } from '../../../settings/index.js';
import { scanEveryResponse } from './no-secrets.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('authentication API', () => {
  const t = useTestCase({ fixtures: ['users'] });
  scanEveryResponse();

  /** Logs in through the API, as a client would. */
  const login = (username: string, password: string) => t.client.post(t.urlFor('jwt-auth')).type('form').send({ username, password });
  /** A route that needs a token and answers 200 with one. */
  const protectedRoute = () => t.urlFor('user-own-groups');

  describe('POST /api/auth/token/', () => {
    it('exchanges a username and password, sent as an OAuth2 form, for a bearer token', async () => {
      const res = await login('test', 'test');
      expect(res.status).to.equal(200);
      expect(Object.keys(res.body)).to.deep.equal(['access_token', 'token_type']);
      expect(res.text).to.match(/^\{"access_token":"[\w-]+\.[\w-]+\.[\w-]+","token_type":"Bearer"\}$/);

      const me = await t.client.get(protectedRoute()).set(bearer(res.body.access_token));
      expect(me.status).to.equal(200);
    });

    it('accepts the same fields as JSON', async () => {
      const res = await t.client.post(t.urlFor('jwt-auth')).send({ username: 'active', password: 'active123' });
      expect(res.status).to.equal(200);
      expect(res.body.token_type).to.equal('Bearer');
    });

    it('accepts the optional OAuth2 fields: grant_type "password", scope, client_id, client_secret', async () => {
      const res = await t.client.post(t.urlFor('jwt-auth')).type('form')
        .send({ username: 'test', password: 'test', grant_type: 'password', scope: 'read write', client_id: 'cli', client_secret: 's' });
      expect(res.status).to.equal(200);
    });

    it("accepts the body Swagger UI's Authorize sends (form-encoded, grant_type first, an empty scope)", async () => {
      const res = await t.client.post(t.urlFor('jwt-auth')).set('Content-Type', 'application/x-www-form-urlencoded').send('grant_type=password&username=test&password=test&scope=');
      expect(res.status).to.equal(200);
      expect(res.body).to.have.keys('access_token', 'token_type');
      expect(res.body.token_type).to.equal('Bearer');
    });

    it('answers 422 for a grant_type other than "password"', async () => {
      const res = await t.client.post(t.urlFor('jwt-auth')).type('form').send({ username: 'test', password: 'test', grant_type: 'client_credentials' });
      expect(res.status).to.equal(422);
      expect(res.body.detail.map((d: { loc: string[] }) => d.loc)).to.deep.equal([['body', 'grant_type']]);
    });

    it('answers 422 when the username or the password is missing', async () => {
      const res = await t.client.post(t.urlFor('jwt-auth')).type('form').send({});
      expect(res.status).to.equal(422);
      expect(res.body.detail.map((d: { loc: string[] }) => d.loc.join('.'))).to.have.members(['body.username', 'body.password']);
      expect(res.body.detail[0]).to.include({ type: 'missing', msg: 'Field required' });
    });

    it('answers the same 400 for an unknown user and for a wrong password, so usernames cannot be probed', async () => {
      const unknown = await login('nobody', 'whatever');
      const wrong = await login('test', 'not-the-password');
      expect(unknown.status).to.equal(400);
      expect(unknown.body).to.deep.equal({ detail: 'Authentication error: credentials are invalid.' });
      expect(wrong.status).to.equal(400);
      expect(wrong.body).to.deep.equal(unknown.body);
    });

    it('issues a new, different token at every login; each one stays valid', async () => {
      const first = (await login('test', 'test')).body.access_token as string;
      const second = (await login('test', 'test')).body.access_token as string;
      expect(second).to.not.equal(first);
      expect((await t.client.get(protectedRoute()).set(bearer(first))).status).to.equal(200);
      expect((await t.client.get(protectedRoute()).set(bearer(second))).status).to.equal(200);
    });

    it('signs an HS256 JWT that names the user, with an expiry, the issuer and a unique id', async () => {
      const token = (await login('test', 'test')).body.access_token as string;
      const { header, payload } = jwt.decode(token, { complete: true }) as unknown as { header: jwt.JwtHeader; payload: jwt.JwtPayload };
      expect(header).to.deep.equal({ alg: 'HS256', typ: 'JWT' });
      expect(payload).to.have.all.keys('sub', 'jti', 'iat', 'exp', 'iss');
      expect(payload).to.include({ sub: 'test', iss: getSettings().JWT_ISSUER });
      expect(payload.exp! - payload.iat!).to.equal(getSettings().ACCESS_TOKEN_EXPIRE_MINUTES * 60);
      expect(payload.jti).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });
  });

  describe('bearer tokens on protected routes', () => {
    it('without a token: 401 "Not authenticated" with WWW-Authenticate: Bearer', async () => {
      const res = await t.client.get(protectedRoute());
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal({ detail: 'Not authenticated' });
      expect(res.headers['www-authenticate']).to.equal('Bearer');
    });

    it('another scheme (Basic) is the same as no token', async () => {
      const res = await t.client.get(protectedRoute()).set('Authorization', `Basic ${Buffer.from('test:test').toString('base64')}`);
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal({ detail: 'Not authenticated' });
    });

    it('a token that is not a JWT: 401 "Invalid authentication token."', async () => {
      const res = await t.client.get(protectedRoute()).set(bearer('not-a-jwt'));
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal({ detail: 'Invalid authentication token.' });
      expect(res.headers['www-authenticate']).to.equal('Bearer');
    });

    it('the scheme is case-insensitive ("bearer")', async () => {
      const token = (await login('test', 'test')).body.access_token as string;
      expect((await t.client.get(protectedRoute()).set('Authorization', `bearer ${token}`)).status).to.equal(200);
    });

    it('public routes answer whatever the token: a refused one makes the request anonymous', async () => {
      const res = await t.client.get(t.urlFor('user-list')).set(bearer('not-a-jwt'));
      expect(res.status).to.equal(200);
    });
  });

  describe('POST /api/auth/token/refresh/', () => {
    it('returns a new token of the same shape; the old token stops working', async () => {
      const old = (await login('test', 'test')).body.access_token as string;
      const res = await t.client.post(t.urlFor('jwt-auth-refresh')).set(bearer(old));
      expect(res.status).to.equal(200);
      expect(Object.keys(res.body)).to.deep.equal(['access_token', 'token_type']);
      expect(res.body.token_type).to.equal('Bearer');
      expect(res.body.access_token).to.not.equal(old);

      expect((await t.client.get(protectedRoute()).set(bearer(res.body.access_token))).status).to.equal(200);
      const stale = await t.client.get(protectedRoute()).set(bearer(old));
      expect(stale.status).to.equal(401);
      expect(stale.body).to.deep.equal({ detail: 'Invalid authentication token.' });
    });

    it('needs a live token: 401 without one, and with one already refreshed', async () => {
      const none = await t.client.post(t.urlFor('jwt-auth-refresh'));
      expect(none.status).to.equal(401);
      expect(none.body).to.deep.equal({ detail: 'Not authenticated' });

      const old = (await login('test', 'test')).body.access_token as string;
      await t.client.post(t.urlFor('jwt-auth-refresh')).set(bearer(old));
      const again = await t.client.post(t.urlFor('jwt-auth-refresh')).set(bearer(old));
      expect(again.status).to.equal(401);
      expect(again.body).to.deep.equal({ detail: 'Invalid authentication token.' });
    });
  });

  describe('POST /api/auth/logout/', () => {
    it('revokes the token of the request (204, no body); the next request with it is 401', async () => {
      const token = (await login('test', 'test')).body.access_token as string;
      const res = await t.client.post(t.urlFor('jwt-logout')).set(bearer(token));
      expect(res.status).to.equal(204);
      expect(res.text).to.equal('');

      const after = await t.client.get(protectedRoute()).set(bearer(token));
      expect(after.status).to.equal(401);
      expect(after.body).to.deep.equal({ detail: 'Invalid authentication token.' });
      expect((await t.client.post(t.urlFor('jwt-logout')).set(bearer(token))).status).to.equal(401);
    });

    it('revokes only that token: the user stays logged in elsewhere', async () => {
      const laptop = (await login('test', 'test')).body.access_token as string;
      const phone = (await login('test', 'test')).body.access_token as string;
      await t.client.post(t.urlFor('jwt-logout')).set(bearer(laptop));
      expect((await t.client.get(protectedRoute()).set(bearer(phone))).status).to.equal(200);
    });

    it('answers 401 "Not authenticated" without a token', async () => {
      const res = await t.client.post(t.urlFor('jwt-logout'));
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal({ detail: 'Not authenticated' });
      expect(res.headers['www-authenticate']).to.equal('Bearer');
    });
  });

  describe('the test client', () => {
    it('logs in with a real token (login) and stops sending it (logout) without revoking it', async () => {
      await t.client.login('test');
      const token = t.client.accessToken!;
      expect((await t.client.get(protectedRoute())).status).to.equal(200);
      t.client.logout();
      expect((await t.client.get(protectedRoute())).status).to.equal(401);
      expect((await t.client.get(protectedRoute()).set(bearer(token))).status).to.equal(200);
    });
  });
});
