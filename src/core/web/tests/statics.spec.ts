/**
 * /static/: the kit's and the apps' statics folders (STATIC_ROOT after collectstatic in production), with
 * ETags, Cache-Control, content types, and no way out of the static folders.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { testApp } from '../../testing/index.js';
import { cacheControlFor, kitStaticsDir, staticDirs, staticUrl } from '../index.js';

const get = async (path: string) => supertest((await testApp()).app).get(path);

describe('static files at /static/', () => {
  it('serves the kit stylesheet as text/css with an ETag and a revalidating Cache-Control', async () => {
    const res = await get('/static/kit/css/kit.css');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/css; charset=utf-8');
    expect(res.headers.etag).to.match(/^W\/".+"$/);
    expect(res.headers['last-modified']).to.be.a('string');
    expect(res.headers['cache-control']).to.equal('public, max-age=0, must-revalidate');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get('/static/kit/css/kit.css');
    const again = await supertest((await testApp()).app).get('/static/kit/css/kit.css').set('If-None-Match', first.headers.etag!);
    expect(again.status).to.equal(304);
    expect(again.text ?? '').to.equal('');
  });

  it('caches for a year (immutable) the fingerprinted URL that static() gives', async () => {
    const url = staticUrl('kit/css/kit.css');
    expect(url).to.match(/^\/static\/kit\/css\/kit\.css\?v=[0-9a-f]{12}$/);
    const res = await get(url);
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
    // A stale or made-up version is not pinned: the next deploy's file must not be cached under it.
    expect((await get('/static/kit/css/kit.css?v=000000000000')).headers['cache-control']).to.equal('public, max-age=0, must-revalidate');
  });

  it('caches a fingerprinted file name (app.3f9a2c1d.css) for a year', () => {
    expect(cacheControlFor('/x/app.3f9a2c1d.css', undefined)).to.equal('public, max-age=31536000, immutable');
    expect(cacheControlFor(join(kitStaticsDir, 'kit/css/kit.css'), undefined)).to.equal('public, max-age=0, must-revalidate');
  });

  it('gives each file its content type (svg)', async () => {
    const res = await get('/static/kit/img/favicon.svg');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('image/svg+xml');
  });

  it('serves HEAD and answers 404 (JSON, not a listing) for a folder or a missing file', async () => {
    expect((await supertest((await testApp()).app).head('/static/kit/css/kit.css')).status).to.equal(200);
    for (const path of ['/static/kit/', '/static/kit/css', '/static/kit/css/missing.css', '/static/']) {
      const res = await get(path);
      expect(res.status, path).to.equal(404);
      expect(res.text).not.to.contain('kit.css');
    }
  });

  // Each tries to read package.json (or /etc/passwd) from outside the static folders.
  const traversals = [
    '/static/../package.json', '/static/%2e%2e/package.json', '/static/%2E%2E/%2E%2E/package.json', '/static/..%2fpackage.json',
    '/static/kit/..%2f..%2f..%2f..%2fpackage.json', '/static/kit/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json', '/static/..%5c..%5cpackage.json',
    '/static/%252e%252e/package.json', '/static/kit/css/kit.css%00.txt', '/static/%00', '/static//etc/passwd', '/static/%2fetc%2fpasswd',
    '/static/kit/../../../../../../etc/passwd', '/static/.%2e/.%2e/package.json',
  ];
  for (const path of traversals) {
    it(`refuses the traversal ${path}`, async () => {
      const res = await supertest((await testApp()).app).get(path);
      expect(res.status, path).to.be.oneOf([400, 403, 404]);
      expect(res.text).not.to.contain('"name": "ts-getstarted"');
      expect(res.text).not.to.contain('root:');
    });
  }

  it('does not serve dot-files (a file beside them is served)', async () => {
    const dir = join(kitStaticsDir, 'kit');
    writeFileSync(join(dir, '.secret'), 'hidden');
    writeFileSync(join(dir, 'probe.txt'), 'visible');
    try {
      const probe = await get('/static/kit/probe.txt');
      expect(probe.status).to.equal(200);
      expect(probe.headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect((await get('/static/kit/.secret')).status).to.equal(404);
    } finally {
      rmSync(join(dir, '.secret'));
      rmSync(join(dir, 'probe.txt'));
    }
  });

  it('in production serves STATIC_ROOT once collectstatic filled it, else the apps\' folders', () => {
    const root = mkdtempSync(join(tmpdir(), 'static-root-'));
    try {
      expect(staticDirs({ DEBUG: false, STATIC_ROOT: root })).to.deep.equal([root]);
      expect(staticDirs({ DEBUG: true, STATIC_ROOT: root })).to.include(kitStaticsDir).and.not.include(root);
      expect(staticDirs({ DEBUG: false, STATIC_ROOT: join(root, 'not-collected') })).to.include(kitStaticsDir);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
