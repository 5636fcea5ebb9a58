/**
 * Security (no secret in a response, no self-made admin, no probing of usernames, tokens checked and revocable,
 * throttled logins): what an attacker might try against the authentication, and how the
 * kit refuses it. Forged tokens are put into the registry first, so each test proves that the *signature
 * checks* refuse them, not merely the registry lookup.
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { useTestCase } from '../../../core/testing/index.js';
import { getSettings, resetSettings } from '../../../settings/index.js';
import { resetLoginThrottle } from '../services/throttle.js';
import { Hero } from '../../hero/models/index.js';
import { User } from '../../user/models/index.js';
import { forgeToken, register, tamperedToken, unsignedToken } from './forged-tokens.js';
import { findSecrets, scanEveryResponse, scanned } from './no-secrets.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const INVALID = { detail: 'Invalid authentication token.' };
/** A real bcrypt hash (of "x"), as an attacker would send to plant a password they know. */
const HASH_OF_X = '$2b$04$CWSPQmbJtg97DKnHJO80subql9u1FtuCZruA6GBgYypzu5ZxrpmLW';

describe('security', () => {
  const t = useTestCase({ fixtures: ['users', 'heroes'] });
  scanEveryResponse();

  const user = async (username: string) => (await User.get({ username }))!;
  /** Logs in through the API (from `ip`, as a proxy in front of the kit would say), as an attacker would. */
  const login = (username: string, password: string, ip = '203.0.113.1') =>
    t.client.post(t.urlFor('jwt-auth')).set('X-Forwarded-For', ip).type('form').send({ username, password });
  const tokenOf = async (username: string, password: string) => (await login(username, password)).body.access_token as string;
  /** A route that needs a token. */
  const protectedRoute = () => t.urlFor('user-own-groups');
  const probe = (token: string) => t.client.get(protectedRoute()).set(bearer(token));

  describe('forged tokens', () => {
    it('a token made exactly like the kit makes them, and registered, is accepted (each test below changes one thing)', async () => {
      const token = await register(forgeToken('test'), await user('test'));
      expect((await probe(token)).status).to.equal(200);
    });

    it('refuses an unsigned token (alg "none")', async () => {
      const token = await register(unsignedToken('fastapi'), await user('fastapi'));
      expect(jwt.decode(token, { complete: true })!.header.alg).to.equal('none');
      const res = await probe(token);
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal(INVALID);
    });

    it('refuses a genuine token whose payload was edited (sub re-encoded as another user)', async () => {
      const genuine = await tokenOf('test', 'test');
      const forged = tamperedToken(genuine, { sub: 'fastapi' });
      expect((jwt.decode(forged) as jwt.JwtPayload).sub).to.equal('fastapi');
      await register(forged, await user('fastapi'));
      const res = await probe(forged);
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal(INVALID);
    });

    it('refuses a token signed with another secret', async () => {
      const token = await register(forgeToken('fastapi', { secret: 'an-attacker-guessed-this-secret' }), await user('fastapi'));
      const res = await probe(token);
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal(INVALID);
    });

    it('refuses HS512 even with the right secret: the algorithm is pinned to HS256', async () => {
      const token = await register(forgeToken('fastapi', { algorithm: 'HS512' }), await user('fastapi'));
      expect(jwt.verify(token, getSettings().SECRET_KEY)).to.be.an('object'); // a valid signature, but the wrong algorithm
      const res = await probe(token);
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal(INVALID);
    });

    it('refuses a token of another issuer', async () => {
      const token = await register(forgeToken('fastapi', { issuer: 'https://elsewhere.example' }), await user('fastapi'));
      const res = await probe(token);
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal(INVALID);
    });

    it('refuses an expired token: 401 "Your session has expired."', async () => {
      const token = await register(forgeToken('test', { expiresIn: -60 }), await user('test'));
      const res = await probe(token);
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal({ detail: 'Your session has expired.' });
      expect(res.headers['www-authenticate']).to.equal('Bearer');
    });

    it('refuses a correctly signed token that was never issued (not in the registry)', async () => {
      const res = await probe(forgeToken('fastapi'));
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal(INVALID);
    });
  });

  describe('tokens that are no longer live', () => {
    it('refuses a token after logout', async () => {
      const token = await tokenOf('test', 'test');
      expect((await t.client.post(t.urlFor('jwt-logout')).set(bearer(token))).status).to.equal(204);
      expect((await probe(token)).body).to.deep.equal(INVALID);
    });

    it('refuses the token of a deleted user: 401 "Invalid authentication token. user does not exist."', async () => {
      const token = await tokenOf('active', 'active123');
      await t.client.login('fastapi');
      expect((await t.client.delete(t.urlFor('user-delete', { pk: (await user('active')).id }))).status).to.equal(204);
      t.client.logout();
      const res = await probe(token);
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal({ detail: 'Invalid authentication token. user does not exist.' });
    });

    it('a user who deletes their own account cannot use its token afterwards', async () => {
      const me = await user('test');
      await t.addPermissions(me, ['delete:users']);
      const token = await tokenOf('test', 'test');
      expect((await t.client.delete(t.urlFor('user-delete', { pk: me.id })).set(bearer(token))).status).to.equal(204);
      expect((await t.client.delete(t.urlFor('user-delete', { pk: me.id })).set(bearer(token))).status).to.equal(401);
    });

    it('changing the password revokes every token of the user; the new password logs in, the old one does not', async () => {
      const me = await user('test');
      await t.addPermissions(me, ['update:users']);
      const laptop = await tokenOf('test', 'test');
      const phone = await tokenOf('test', 'test');

      const res = await t.client.patch(t.urlFor('user-patch', { pk: me.id })).set(bearer(laptop)).send({ password: 'a-new-password' });
      expect(res.status).to.equal(200);
      expect((await probe(laptop)).body).to.deep.equal(INVALID);
      expect((await probe(phone)).body).to.deep.equal(INVALID);

      expect((await login('test', 'test')).status).to.equal(400);
      expect((await login('test', 'a-new-password')).status).to.equal(200);
    });

    it('an admin resetting a password with PUT revokes that user\'s tokens too', async () => {
      const active = await user('active');
      const token = await tokenOf('active', 'active123');
      await t.client.login('fastapi');
      const res = await t.client.put(t.urlFor('user-update', { pk: active.id }))
        .send({ username: 'active', first_name: 'Active', last_name: 'DOE', password: 'reset-by-admin' });
      expect(res.status).to.equal(200);
      expect((await probe(token)).body).to.deep.equal(INVALID);
    });

    it('changing anything but the password keeps the tokens', async () => {
      const me = await user('test');
      await t.addPermissions(me, ['update:users']);
      const token = await tokenOf('test', 'test');
      expect((await t.client.patch(t.urlFor('user-patch', { pk: me.id })).set(bearer(token)).send({ address: 'Grenoble' })).status).to.equal(200);
      expect((await probe(token)).status).to.equal(200);
    });
  });

  describe('the token registry', () => {
    it('stores the SHA-256 of each token, never the token', async () => {
      const token = await tokenOf('test', 'test');
      const [, payload, signature] = token.split('.');
      const rows = await t.em.execute<Array<Record<string, unknown>>>('select * from jwttoken');
      expect(rows).to.have.length(1);
      const stored = JSON.stringify(rows);
      for (const part of [token, payload!, signature!]) expect(stored).to.not.include(part);
      expect(rows[0]!.token_hash).to.equal(createHash('sha256').update(token).digest('hex'));
      expect(rows[0]!.user_id).to.equal((await user('test')).id);
    });

    it('keeps the rows of a deleted user, without a user: its tokens are refused', async () => {
      await tokenOf('active', 'active123');
      await (await user('active')).delete();
      const rows = await t.em.execute<Array<{ user_id: number | null }>>('select user_id from jwttoken');
      expect(rows).to.deep.equal([{ user_id: null }]);
    });

    it('keeps one row per login and drops the row at logout', async () => {
      const count = async () => Number((await t.em.execute<Array<{ n: string }>>('select count(*) as n from jwttoken'))[0]!.n);
      const first = await tokenOf('test', 'test');
      await tokenOf('test', 'test');
      expect(await count()).to.equal(2);
      await t.client.post(t.urlFor('jwt-logout')).set(bearer(first));
      expect(await count()).to.equal(1);
    });
  });

  describe('mass assignment', () => {
    it('registering ignores id, timestamps, status and (for anyone but an admin) role; a hash-looking password is just a password', async () => {
      const hashLooking = HASH_OF_X;
      const res = await t.client.post(t.urlFor('user-create')).send({
        id: 1, created_at: '2000-01-01T00:00:00.000Z', updated_at: '2000-01-01T00:00:00.000Z', status: 'active', role: 'admin',
        username: 'mallory', first_name: 'Mal', last_name: 'Lory', password: hashLooking,
      });
      expect(res.status).to.equal(201);
      expect(res.body.id).to.not.equal(1);
      expect(res.body.created_at).to.not.equal('2000-01-01T00:00:00.000Z');
      expect(res.body).to.include({ updated_at: null, status: 'inactive', role: 'active' });

      const mallory = await user('mallory');
      expect(mallory.password).to.not.equal(hashLooking);
      expect(await mallory.checkPassword(hashLooking)).to.equal(true);
      expect((await login('mallory', hashLooking)).status).to.equal(200);
    });

    it('a non-admin cannot make themselves admin with PUT or PATCH, nor change their id', async () => {
      const me = await user('test');
      await t.addPermissions(me, ['update:users']);
      await t.client.login('test');
      const put = await t.client.put(t.urlFor('user-update', { pk: me.id }))
        .send({ id: 999, role: 'admin', username: 'test', first_name: 'Pytest', last_name: 'FastAPI', password: 'test' });
      expect(put.status).to.equal(200);
      expect(put.body).to.include({ id: me.id, role: 'staff' });
      await t.client.login('test'); // PUT re-hashed the password, which revoked the token

      const patch = await t.client.patch(t.urlFor('user-patch', { pk: me.id })).send({ role: 'admin', status: 'active' });
      expect(patch.status).to.equal(200);
      expect(patch.body).to.include({ role: 'staff', status: 'inactive' });
      expect((await me.refresh()).role).to.equal('staff');
    });

    it('a hash-looking password sent with PATCH is hashed like any other: no one can plant a known hash', async () => {
      const me = await user('test');
      await t.addPermissions(me, ['update:users']);
      await t.client.login('test');
      const planted = HASH_OF_X;
      expect((await t.client.patch(t.urlFor('user-patch', { pk: me.id })).send({ password: planted, created_at: '2000-01-01T00:00:00.000Z' })).status).to.equal(200);
      await me.refresh();
      expect(me.password).to.not.equal(planted);
      expect(me.createdAt.toISOString()).to.not.equal('2000-01-01T00:00:00.000Z');
      expect((await login('test', 'x')).status).to.equal(400);
      expect((await login('test', planted)).status).to.equal(200);
    });

    it('a hero cannot be moved to another id', async () => {
      await t.client.login('fastapi');
      const hero = (await Hero.get({ name: 'Superman' }))!;
      const res = await t.client.patch(t.urlFor('hero-patch', { pk: hero.id })).send({ id: hero.id + 100, age: 35 });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: hero.id, age: 35 });
    });
  });

  describe("other users' resources", () => {
    it('a user holding update:users and delete:users may still change or delete only themselves (403)', async () => {
      const me = await user('test');
      const other = await user('active');
      await t.addPermissions(me, ['update:users', 'delete:users']);
      await t.client.login('test');

      const patch = await t.client.patch(t.urlFor('user-patch', { pk: other.id })).send({ first_name: 'Pwned' });
      expect(patch.status).to.equal(403);
      expect(patch.body).to.deep.equal({ detail: 'Insufficient rights to carry out this action.' });
      const put = await t.client.put(t.urlFor('user-update', { pk: other.id })).send({ username: 'x', first_name: 'x', last_name: 'x', password: 'x' });
      expect(put.status).to.equal(403);
      expect(put.body).to.deep.equal({ detail: 'Insufficient rights to carry out this action' });
      const del = await t.client.delete(t.urlFor('user-delete', { pk: other.id }));
      expect(del.status).to.equal(403);
      expect(del.body).to.deep.equal({ detail: 'Insufficient rights to carry out this action' });

      expect((await other.refresh()).firstName).to.equal('Active');
    });

    it('a non-admin cannot read another user\'s permissions nor grant themselves one', async () => {
      const me = await user('test');
      await t.client.login('test');
      expect((await t.client.get(t.urlFor('user-get-permissions', { pk: (await user('fastapi')).id }))).status).to.equal(403);
      const grant = await t.client.patch(t.urlFor('user-add-permissions', { pk: me.id })).send({ permissions: ['update:users'] });
      expect(grant.status).to.equal(403);
      expect(await me.hasPermissions(['update:users'])).to.equal(false);
    });
  });

  describe('brute force: failed logins are throttled', () => {
    const failTimes = async (n: number, username: string, ip?: string) => {
      for (let i = 0; i < n; i++) expect((await login(username, `wrong-${i}`, ip)).status).to.equal(400);
    };

    it('after 5 failed logins for a username, the 6th attempt is 429 with Retry-After', async () => {
      await failTimes(5, 'test');
      const res = await login('test', 'wrong-again');
      expect(res.status).to.equal(429);
      expect(res.body.detail).to.match(/^Too many failed login attempts\. Try again in \d+ seconds\.$/);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).to.be.a('number').and.to.be.within(1, getSettings().LOGIN_THROTTLE_MINUTES * 60);
    });

    it('while blocked, even the correct password is refused', async () => {
      await failTimes(5, 'test');
      expect((await login('test', 'test')).status).to.equal(429);
    });

    it('counts failures per username, whichever IP they come from', async () => {
      for (let i = 1; i <= 5; i++) await failTimes(1, 'test', `198.51.100.${i}`);
      expect((await login('test', 'test', '198.51.100.99')).status).to.equal(429);
      // Other users are not affected.
      expect((await login('active', 'active123', '198.51.100.99')).status).to.equal(200);
    });

    it('counts failures per address with a much higher limit (LOGIN_MAX_FAILURES_PER_ADDRESS); other addresses still log in', async () => {
      expect(getSettings().LOGIN_MAX_FAILURES_PER_ADDRESS).to.equal(100);
      const previous = process.env.LOGIN_MAX_FAILURES_PER_ADDRESS;
      process.env.LOGIN_MAX_FAILURES_PER_ADDRESS = '7';
      resetSettings();
      resetLoginThrottle();
      try {
        // Five users' failures from one address (the per-username limit) do not lock the address's other users.
        for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) await failTimes(1, name, '192.0.2.7');
        expect((await login('test', 'test', '192.0.2.7')).status).to.equal(200);
        for (const name of ['frank', 'grace']) await failTimes(1, name, '192.0.2.7');
        expect((await login('test', 'test', '192.0.2.7')).status).to.equal(429);
        expect((await login('test', 'test', '192.0.2.8')).status).to.equal(200);
      } finally {
        if (previous === undefined) delete process.env.LOGIN_MAX_FAILURES_PER_ADDRESS;
        else process.env.LOGIN_MAX_FAILURES_PER_ADDRESS = previous;
        resetSettings();
        resetLoginThrottle();
      }
    });

    it('throttles unknown usernames as known ones (no difference to probe)', async () => {
      await failTimes(5, 'nobody');
      expect((await login('nobody', 'x')).status).to.equal(429);
    });

    it('a successful login forgives the username\'s earlier failures', async () => {
      await failTimes(4, 'test', '198.51.100.1');
      expect((await login('test', 'test', '198.51.100.2')).status).to.equal(200);
      await failTimes(4, 'test', '198.51.100.3');
      expect((await login('test', 'test', '198.51.100.4')).status).to.equal(200);
    });
  });

  describe('no secrets in responses', () => {
    it('the scan finds passwords, password hashes and token hashes wherever they are', () => {
      expect(findSecrets({ id: 1, username: 'x' })).to.deep.equal([]);
      expect(findSecrets([{ id: 1, password: 'x' }])).to.deep.equal(['$[0].password']);
      expect(findSecrets({ user: { token_hash: 'abc' } })).to.deep.equal(['$.user.token_hash']);
      expect(findSecrets({ note: HASH_OF_X })).to.deep.equal(['$.note']);
      expect(findSecrets({ loc: ['body', 'password'] })).to.deep.equal([]); // naming the field in a 422 is fine
    });

    it('every JSON body these tests receive was scanned', async () => {
      const before = scanned.bodies;
      await t.client.get(t.urlFor('user-list'));
      expect(scanned.bodies).to.equal(before + 1);
    });
  });
});
