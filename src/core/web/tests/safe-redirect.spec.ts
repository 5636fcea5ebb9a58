/** `safeRedirectTarget` follows only same-site relative paths. */
import { expect } from 'chai';
import { safeRedirectTarget } from '../index.js';

describe('safeRedirectTarget: same-site relative paths only', () => {
  for (const good of ['/web/', '/web/chat/?room=2', '/web/a#top', '/']) {
    it(`follows ${good}`, () => expect(safeRedirectTarget(good, '/fallback/')).to.equal(good));
  }
  const bad = [
    'https://evil.example/', 'HTTPS://evil.example', '//evil.example', '///evil.example', '/\\evil.example', '\\\\evil.example',
    'http:evil.example', 'http:/evil.example', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', ' /web/',
    '/\t/evil.example', '/\n/evil.example', 'web/relative', '', '?x=1', '#x',
  ];
  for (const value of bad) {
    it(`falls back for ${JSON.stringify(value)}`, () => expect(safeRedirectTarget(value, '/fallback/')).to.equal('/fallback/'));
  }
  it('falls back for anything but a string (a repeated ?referer= is an array)', () => {
    expect(safeRedirectTarget(['/a', '/b'], '/f/')).to.equal('/f/');
    expect(safeRedirectTarget(undefined, '/f/')).to.equal('/f/');
  });
  it('normalises dot segments, which cannot climb above the root', () => {
    expect(safeRedirectTarget('/web/../../x', '/f/')).to.equal('/x');
  });
});
