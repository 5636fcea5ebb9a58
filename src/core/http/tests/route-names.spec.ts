/**
 * Route names: every route has a name, and `urlFor(name, params, query)` builds its path, as Starlette's
 * `url_path_for` does for the original's tests.
 */
import { expect } from 'chai';
import { testApp } from '../../testing/index.js';
import { buildApp, Controller, Param, route, Router, type RouteTable } from '../index.js';

@Controller('/reports')
class DailyReportsController {
  @route.get('/')
  listAll() {
    return [];
  }

  @route.get('/:year/:month', { name: 'report-month' })
  month(@Param('year') year: string, @Param('month') month: string) {
    return { year, month };
  }
}

@Controller('/elsewhere')
class ClashingController {
  @route.get('/', { name: 'report-month' })
  list() {
    return [];
  }
}

describe('route names', () => {
  let routes: RouteTable;
  before(async () => {
    routes = (await testApp()).routes;
  });

  it('names every route of the app; a name never serves two paths, nor one method twice', () => {
    const seen = new Map<string, string>();
    for (const r of routes.routes) {
      expect(r.name, `${r.method} ${r.path}`).to.be.a('string').and.not.be.empty;
      const key = `${r.method.toUpperCase()} ${r.name}`;
      expect(seen.has(key), `${key} names both ${seen.get(key)} and ${r.path}`).to.equal(false);
      seen.set(key, r.path);
      // A name may serve several methods of one path (GET and POST of a form), never two paths.
      expect(routes.get(r.name)!.path, r.name).to.equal(r.path);
    }
    expect(routes.routes.length).to.be.greaterThan(0);
  });

  it('maps the route names of the original to their paths', () => {
    const expected: Array<[name: string, method: string, path: string]> = [
      ['redirect', 'GET', '/'],
      ['secret-key', 'GET', '/default/'],
      ['health-check', 'GET', '/default/healthcheck/'],
      ['hero-list', 'GET', '/api/heroes/'],
      ['hero-create', 'POST', '/api/heroes/'],
      ['hero-get', 'GET', '/api/heroes/{pk}/'],
      ['hero-update', 'PUT', '/api/heroes/{pk}/'],
      ['hero-patch', 'PATCH', '/api/heroes/{pk}/'],
      ['hero-delete', 'DELETE', '/api/heroes/{pk}/'],
    ];
    for (const [name, method, path] of expected) {
      const mounted = routes.routes.find((r) => r.name === name);
      expect(mounted, name).to.exist;
      expect(mounted!.method.toUpperCase(), name).to.equal(method);
      expect(routes.urlFor(name, { pk: 42 }), name).to.equal(path.replace('{pk}', '42'));
    }
  });

  it('builds paths with a trailing slash, parameters filled in', () => {
    expect(routes.urlFor('redirect')).to.equal('/');
    expect(routes.urlFor('hero-list')).to.equal('/api/heroes/');
    expect(routes.urlFor('hero-get', { pk: 7 })).to.equal('/api/heroes/7/');
    expect(routes.urlFor('health-check')).to.equal('/default/healthcheck/');
  });

  it('percent-encodes parameters, so a value cannot change the path', () => {
    expect(routes.urlFor('hero-get', { pk: 'a b/../c?d#e' })).to.equal('/api/heroes/a%20b%2F..%2Fc%3Fd%23e/');
    expect(routes.urlFor('hero-get', { pk: 'héros' })).to.equal('/api/heroes/h%C3%A9ros/');
  });

  it('adds an encoded query string when asked', () => {
    expect(routes.urlFor('hero-list', {}, { offset: 10, limit: 5 })).to.equal('/api/heroes/?offset=10&limit=5');
    expect(routes.urlFor('health-check', {}, { liveness: true })).to.equal('/default/healthcheck/?liveness=true');
    expect(routes.urlFor('hero-list', {}, { q: 'a&b=c' })).to.equal('/api/heroes/?q=a%26b%3Dc');
  });

  it('throws for an unknown name, listing the known ones', () => {
    expect(() => routes.urlFor('hero-fly')).to.throw(/No route named 'hero-fly'\. Known: .*hero-get/);
  });

  it('throws for a missing parameter', () => {
    expect(() => routes.urlFor('hero-get')).to.throw("Route 'hero-get' needs the parameter 'pk'.");
  });

  it('names a route <controller>-<method> by default, in kebab case', () => {
    const { routes: table } = buildApp({ api: [Router({ prefix: '/t' }, DailyReportsController)] });
    expect(table.urlFor('daily-reports-list-all')).to.equal('/api/t/reports/');
    expect(table.urlFor('report-month', { year: 2026, month: 11 })).to.equal('/api/t/reports/2026/11/');
  });

  it('refuses to build an app where one name is given to two paths', () => {
    expect(() => buildApp({ api: [Router({ prefix: '/t' }, DailyReportsController, ClashingController)] }))
      .to.throw("Route name 'report-month' is used by /api/t/reports/:year/:month and /api/t/elsewhere.");
  });
});
