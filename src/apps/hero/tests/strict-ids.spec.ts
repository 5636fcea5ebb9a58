/**
 * Ids in paths, across the apps: one spelling per id (canonical decimal, 32-bit, a leading minus allowed), and a
 * well-formed id with no row is that model's 404, as in the original (`GET /api/heroes/-1/` → "Hero not found.").
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';

const ROUTES: Array<{ method: 'get' | 'delete'; path: string; missing: string }> = [
  { method: 'get', path: '/api/heroes/', missing: 'Hero not found.' },
  { method: 'get', path: '/api/users/', missing: 'User not found.' },
  { method: 'get', path: '/api/blog/posts/', missing: 'Post not found.' },
  { method: 'delete', path: '/api/authorizations/groups/', missing: 'Group not found.' },
  { method: 'delete', path: '/api/authorizations/permissions/', missing: 'Permission not found.' },
];

describe('strict path ids in every app', () => {
  const t = useTestCase({ fixtures: ['users'] });
  beforeEach(() => t.client.login('fastapi'));

  for (const { method, path, missing } of ROUTES) {
    it(`${method.toUpperCase()} ${path}{pk}/: -1, 0 and 2147483647 are 404 "${missing}"`, async () => {
      for (const pk of ['-1', '0', '2147483647']) {
        const res = await t.client[method](`${path}${pk}/`);
        expect(res.status, `${pk}: ${res.text}`).to.equal(404);
        expect(res.body).to.deep.equal({ detail: missing });
      }
    });

    it(`${method.toUpperCase()} ${path}{pk}/: " 1", "1 ", "01", "0x10", "1e3", "+1" and 2^31 are 422`, async () => {
      for (const pk of [' 1', '1 ', '01', '0x10', '1e3', '+1', '2147483648']) {
        const res = await t.client[method](`${path}${encodeURIComponent(pk)}/`);
        expect(res.status, `${JSON.stringify(pk)}: ${res.text}`).to.equal(422);
        expect(res.body.detail[0].loc).to.deep.equal(['path', 'pk']);
      }
    });
  }
});
