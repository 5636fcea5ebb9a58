/**
 * Templates: a name is looked up in every app's templates/ folder (two matches are an
 * error naming both), autoescape is on, `{% csrf_token %}`, `url_for` and `static` work, apps add filters, and
 * a changed file is read again in development.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { testApp } from '../../testing/index.js';
import { AmbiguousTemplateError, AppTemplateLoader, CsrfTokenExtension, loadAppTemplating, templateEnvironment, templateRoots, TemplateNotFoundError } from '../index.js';

describe('templating', () => {
  let dir: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'templates-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('the per-app loader', () => {
    it('finds a name in whichever app has it', () => {
      write('blog/templates/blog/list.html', 'posts');
      write('shop/templates/shop/cart.html', 'cart');
      const loader = new AppTemplateLoader([{ owner: 'blog', dir: join(dir, 'blog/templates') }, { owner: 'shop', dir: join(dir, 'shop/templates') }]);
      expect(loader.getSource('shop/cart.html').src).to.equal('cart');
      expect(loader.listTemplates()).to.deep.equal(['blog/list.html', 'shop/cart.html']);
    });

    it('refuses a name found in two apps, naming both paths', () => {
      write('a/templates/shared/page.html', 'A');
      write('b/templates/shared/page.html', 'B');
      const loader = new AppTemplateLoader([{ owner: 'a', dir: join(dir, 'a/templates') }, { owner: 'b', dir: join(dir, 'b/templates') }]);
      expect(() => loader.getSource('shared/page.html')).to.throw(AmbiguousTemplateError)
        .with.property('message').that.contains(join(dir, 'a/templates/shared/page.html')).and.contains(join(dir, 'b/templates/shared/page.html'));
    });

    it('says which folders it searched for a missing name, and finds nothing outside them', () => {
      write('a/templates/a/x.html', 'x');
      write('secret.html', 'secret');
      const loader = new AppTemplateLoader([{ owner: 'a', dir: join(dir, 'a/templates') }]);
      expect(() => loader.getSource('a/missing.html')).to.throw(TemplateNotFoundError, /a\/missing\.html.*a\/templates/);
      expect(() => loader.getSource('../../secret.html')).to.throw(TemplateNotFoundError);
    });

    it('reads a changed template again when reloading (development), not otherwise', () => {
      write('a/templates/a/page.html', 'one');
      const env = (reload: boolean) => {
        const loader = new AppTemplateLoader([{ owner: 'a', dir: join(dir, 'a/templates') }], reload);
        return { loader, env: new nunjucks.Environment(loader as nunjucks.ILoader as nunjucks.ILoaderAny) };
      };
      const dev = env(true);
      const prod = env(false);
      expect(dev.env.render('a/page.html')).to.equal('one');
      expect(prod.env.render('a/page.html')).to.equal('one');
      write('a/templates/a/page.html', 'two');
      const later = new Date(Date.now() + 5000);
      utimesSync(join(dir, 'a/templates/a/page.html'), later, later);
      dev.loader.refresh();
      prod.loader.refresh();
      expect(dev.env.render('a/page.html')).to.equal('two');
      expect(prod.env.render('a/page.html')).to.equal('one');
    });

    it('includes the kit\'s templates and every app\'s templates folder; no name is in two of them', () => {
      const roots = templateRoots();
      expect(roots.map((r) => r.owner)).to.include.members(['kit', 'authentication']);
      const loader = new AppTemplateLoader(roots);
      for (const name of loader.listTemplates()) expect(loader.locate(name), name).to.have.length(1);
    });
  });

  describe('the environment', () => {
    before(async () => { await testApp(); await loadAppTemplating(); });

    it('escapes values (autoescape on)', () => {
      const html = templateEnvironment().env.renderString('<p>{{ v }}</p>', { v: '<script>alert("x")</script>' });
      expect(html).to.equal('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
    });

    it('renders {% csrf_token %} as the hidden field (escaped; empty without a token)', () => {
      const env = new nunjucks.Environment();
      env.addExtension('csrf', new CsrfTokenExtension());
      expect(env.renderString('{% csrf_token %}', { csrf_token: 'abc"def' })).to.equal('<input type="hidden" name="csrf_token" value="abc&quot;def">');
      expect(env.renderString('{% csrf_token %}', {})).to.equal('<input type="hidden" name="csrf_token" value="">');
    });

    it('builds paths with url_for (object or keyword parameters) and static URLs with static()', async () => {
      const { routes } = await testApp();
      const { env } = templateEnvironment();
      const ctx = { __routes: routes };
      expect(env.renderString("{{ url_for('session-login') }}", ctx)).to.equal('/web/auth/session/');
      expect(env.renderString("{{ url_for('hero-get', { pk: 7 }) }}", ctx)).to.equal('/api/heroes/7/');
      expect(env.renderString("{{ url_for('hero-get', pk=8) }}", ctx)).to.equal('/api/heroes/8/');
      expect(env.renderString("{{ static('kit/css/kit.css') }}", ctx)).to.match(/^\/static\/kit\/css\/kit\.css\?v=[0-9a-f]{12}$/);
      expect(env.renderString("{{ url_for('static', path='/kit/css/kit.css') }}", ctx)).to.match(/^\/static\/kit\/css\/kit\.css\?v=/);
      expect(() => env.renderString("{{ url_for('no-such-route') }}", ctx)).to.throw(/No route named 'no-such-route'/);
    });

    it('installs the filters an app\'s templating module exports (authentication: display_name)', () => {
      const { env } = templateEnvironment();
      expect(env.renderString('{{ u | display_name }}', { u: { firstName: 'Ada', lastName: 'Lovelace', username: 'ada' } })).to.equal('Ada Lovelace');
      expect(env.renderString('{{ u | display_name }}', { u: { firstName: '', lastName: '', username: 'ada' } })).to.equal('ada');
    });
  });
});
