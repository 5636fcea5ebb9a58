/**
 * A bearer token whose signature checked out is remembered, so the next request with it skips the HMAC check;
 * what a token is worth must not change: it still expires with the clock, a change of key or issuer drops
 * what was remembered, and any other string (a tampered copy) is checked in full.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { resetSettings } from '../../../settings/index.js';
import { User } from '../../user/models/index.js';
import { verifySignature } from '../services/tokens.js';
import { VerifiedTokens } from '../services/verified-tokens.js';
import { forgeToken, register, tamperedToken } from './forged-tokens.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Runs `fn` with `Date.now()` moved `ms` ahead. */
async function later<T>(ms: number, fn: () => Promise<T> | T): Promise<T> {
  const now = Date.now;
  Date.now = () => now() + ms;
  try {
    return await fn();
  } finally {
    Date.now = now;
  }
}

/** Runs `fn` with these environment variables, re-reading the settings before and after. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  resetSettings();
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetSettings();
  }
}

describe('verified tokens', () => {
  const t = useTestCase({ fixtures: ['users'] });
  const probe = (token: string) => t.client.get(t.urlFor('user-own-groups')).set(bearer(token));
  const registered = async (options: Parameters<typeof forgeToken>[1] = {}) => register(forgeToken('test', options), (await User.get({ username: 'test' }))!);

  it('a token accepted once is refused once it has expired', async () => {
    const token = await registered({ expiresIn: 120 });
    expect((await probe(token)).status).to.equal(200);
    expect(verifySignature(token)).to.equal('ok');
    const res = await later(121_000, () => probe(token));
    expect(res.status).to.equal(401);
    expect(res.body).to.deep.equal({ detail: 'Your session has expired.' });
    expect(await later(121_000, () => verifySignature(token))).to.equal('expired');
  });

  it('a token accepted once is refused after the signing key or the issuer changed', async () => {
    const token = await registered();
    expect((await probe(token)).status).to.equal(200);
    await withEnv({ SECRET_KEY: 'another-secret-key-of-the-server' }, async () => {
      expect(verifySignature(token)).to.equal('invalid');
      expect((await probe(token)).status).to.equal(401);
    });
    await withEnv({ JWT_ISSUER: 'https://elsewhere.example' }, async () => {
      expect(verifySignature(token)).to.equal('invalid');
    });
    expect((await probe(token)).status).to.equal(200);
  });

  it('a tampered copy of an accepted token is refused', async () => {
    const token = await registered();
    expect((await probe(token)).status).to.equal(200);
    const tampered = await register(tamperedToken(token, { sub: 'admin' }), (await User.get({ username: 'admin' }))!);
    expect((await probe(tampered)).status).to.equal(401);
    expect(verifySignature(tampered)).to.equal('invalid');
  });

  it('remembers a bounded number of tokens, forgetting the oldest first', () => {
    const tokens = new VerifiedTokens();
    const key = {};
    expect(tokens.get('t0', key, 'iss')).to.equal(undefined);
    for (let i = 0; i <= 10_000; i++) tokens.remember(`t${i}`, { exp: i, hash: `h${i}` });
    expect(tokens.size).to.equal(10_000);
    expect(tokens.get('t0', key, 'iss')).to.equal(undefined);
    expect(tokens.get('t10000', key, 'iss')).to.deep.equal({ exp: 10_000, hash: 'h10000' });
    expect(tokens.get('t10000', {}, 'iss')).to.equal(undefined);
    expect(tokens.size).to.equal(0);
  });
});
