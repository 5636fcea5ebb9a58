/**
 * A corpus of bad and hostile requests sent to every hero route through the real app: wrong types, missing
 * fields, malformed or huge bodies, odd query strings, SQL metacharacters, odd ids, tricky Unicode.
 * Whatever a client sends: no 5xx, every 4xx says why in `detail`, and a refused request changes nothing.
 */
import { expect } from 'chai';
import type { Test } from 'supertest';
import { useTestCase, testApp } from '../../testing/index.js';
import type { MountedRoute } from '../index.js';
import { Hero } from '../../../apps/hero/models/index.js';

/** Which routes must refuse a probe with a 4xx; the others may accept it, but never with a 5xx. */
type RefusedBy = 'every route' | 'routes with a body' | 'routes with an id' | 'hero-list' | 'no route in particular';

interface Probe {
  title: string;
  refusedBy: RefusedBy;
  /** Adds a body or headers to the request (by default, a valid body for the route). */
  send?: (req: Test) => Test;
  /** What the path's `:pk` becomes, as sent (percent-encoded); by default the id of an existing hero. */
  id?: string;
  /** A raw query string. */
  query?: string;
}

const json = (raw: string) => (req: Test) => req.set('Content-Type', 'application/json').send(raw);
const body = (value: object) => (req: Test) => req.send(value);
const TWO_MB = 2 * 1024 * 1024;

const BODIES: Probe[] = [
  { title: 'wrong types', refusedBy: 'routes with a body', send: body({ name: 5, secret_name: true, age: 'old', user_id: 'me' }) },
  { title: 'lists and objects for text', refusedBy: 'routes with a body', send: body({ name: ['a'], secret_name: { $ne: null } }) },
  { title: 'a fractional age', refusedBy: 'routes with a body', send: body({ name: 'a', secret_name: 'b', age: 1.5 }) },
  { title: 'a negative age', refusedBy: 'routes with a body', send: body({ name: 'a', secret_name: 'b', age: -1 }) },
  { title: 'a huge age', refusedBy: 'routes with a body', send: body({ name: 'a', secret_name: 'b', age: 99999999999 }) },
  { title: 'a huge user_id', refusedBy: 'routes with a body', send: body({ name: 'a', secret_name: 'b', user_id: 99999999999 }) },
  { title: 'a user_id that does not exist', refusedBy: 'routes with a body', send: body({ name: 'a', secret_name: 'b', user_id: 2147483647 }) },
  { title: 'a negative user_id', refusedBy: 'routes with a body', send: body({ name: 'a', secret_name: 'b', user_id: -5 }) },
  { title: 'a name over 255 characters', refusedBy: 'routes with a body', send: body({ name: 'x'.repeat(256), secret_name: 'b' }) },
  { title: 'a blank name', refusedBy: 'routes with a body', send: body({ name: '   ', secret_name: 'b' }) },
  { title: 'nulls for required fields', refusedBy: 'routes with a body', send: body({ name: null, secret_name: null }) },
  { title: 'a NUL character in a string', refusedBy: 'routes with a body', send: body({ name: 'nul\u0000byte', secret_name: 'b' }) },
  { title: 'a lone UTF-16 surrogate', refusedBy: 'routes with a body', send: json('{"name": "\\ud800", "secret_name": "b"}') },
  { title: 'an empty array instead of an object', refusedBy: 'routes with a body', send: json('[]') },
  { title: 'an array of heroes instead of one', refusedBy: 'routes with a body', send: body([{ name: 'a', secret_name: 'b' }]) },
  { title: 'deeply nested arrays', refusedBy: 'routes with a body', send: json(`{"name": ${'['.repeat(5000)}${']'.repeat(5000)}, "secret_name": "b"}`) },
  { title: 'plain text instead of JSON', refusedBy: 'routes with a body', send: (req) => req.set('Content-Type', 'text/plain').send('name=a') },
  { title: 'no body at all', refusedBy: 'routes with a body', send: (req) => req },
  { title: 'missing required fields', refusedBy: 'no route in particular', send: body({ age: 3 }) },
  { title: 'an empty object', refusedBy: 'no route in particular', send: body({}) },
  { title: 'unknown keys only', refusedBy: 'no route in particular', send: body({ is_admin: true, id: 1 }) },
  { title: 'a __proto__ key', refusedBy: 'no route in particular', send: json('{"__proto__": {"age": 5}, "constructor": {"prototype": {"age": 6}}, "name": "p", "secret_name": "q"}') },
  { title: 'a urlencoded form', refusedBy: 'no route in particular', send: (req) => req.type('form').send('name=f&secret_name=g') },
  { title: 'JSON null', refusedBy: 'routes with a body', send: json('null') },
  { title: 'a JSON string', refusedBy: 'routes with a body', send: json('"hero"') },
  { title: 'a JSON number', refusedBy: 'routes with a body', send: json('42') },
  { title: 'truncated JSON', refusedBy: 'every route', send: json('{"name": ') },
  { title: 'single-quoted JSON', refusedBy: 'every route', send: json("{'name': 'a'}") },
  { title: 'JSON with a trailing comma', refusedBy: 'every route', send: json('{"name": "a", "secret_name": "b",}') },
  { title: 'a 2 MB body', refusedBy: 'every route', send: body({ name: 'x'.repeat(TWO_MB), secret_name: 'b' }) },
  { title: 'a body that is not the gzip it claims', refusedBy: 'every route', send: (req) => json('{}')(req).set('Content-Encoding', 'gzip') },
  { title: 'an unknown charset', refusedBy: 'every route', send: (req) => req.set('Content-Type', 'application/json; charset=ebcdic').send('{}') },
];

/** Hostile text that is nevertheless a valid name: routes may accept it (and must store it verbatim). */
const HOSTILE_TEXT = [
  "'; drop table hero; --",
  "' or 1=1 --",
  'Robert"); DELETE FROM users; --',
  '$$; select pg_sleep(0); $$',
  '/* comment */ -- dash',
  '\\x00 \\\\ backslashes \\',
  '😀 Emoji 🦸‍♀️ with a ZWJ sequence',
  'مرحبا بالعالم RTL \u202e reversed',
  'e\u0301 combining, ﬁ ligature, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
];
const HOSTILE: Probe[] = HOSTILE_TEXT.map((text) => ({ title: `the name ${JSON.stringify(text)}`, refusedBy: 'no route in particular', send: body({ name: text, secret_name: text }) }));

const IDS: Probe[] = [
  'abc', '-1', '0', '1.5', '99999999999', '2147483648', '1e999', 'NaN', 'Infinity', "'; drop table hero; --", "1' or 1=1 --", '1;select 1', '😀', ' ', 'null',
].map((id) => ({ title: `the id ${JSON.stringify(id)}`, refusedBy: 'routes with an id' as const, id: encodeURIComponent(id) }));
IDS.push(
  { title: 'an id with a NUL byte', refusedBy: 'routes with an id', id: '1%00' },
  { title: 'an id whose percent-encoding does not decode', refusedBy: 'routes with an id', id: '%E0%A4%A' },
  { title: 'an id that does not exist', refusedBy: 'routes with an id', id: '2147483647' },
);

const QUERIES: Probe[] = [
  { title: 'limit=abc', refusedBy: 'hero-list', query: 'limit=abc' },
  { title: 'offset=-1', refusedBy: 'hero-list', query: 'offset=-1' },
  { title: 'limit=101', refusedBy: 'hero-list', query: 'limit=101' },
  { title: 'limit given twice', refusedBy: 'hero-list', query: 'limit=1&limit=2' },
  { title: 'a huge offset', refusedBy: 'hero-list', query: 'offset=99999999999999999999' },
  { title: 'a NUL byte in limit', refusedBy: 'hero-list', query: 'limit=%00' },
  { title: 'an unknown lookup', refusedBy: 'no route in particular', query: 'name__foo=1' },
  { title: 'an unknown parameter', refusedBy: 'no route in particular', query: 'order_by=-id;drop%20table%20hero' },
  { title: 'SQL in a parameter', refusedBy: 'no route in particular', query: "name=' or 1=1 --" },
  { title: 'a nested-looking parameter', refusedBy: 'no route in particular', query: 'limit[$gt]=1&offset[]=0' },
  { title: 'a NUL byte in a name', refusedBy: 'no route in particular', query: '%00=%00' },
  { title: 'a malformed percent-encoding', refusedBy: 'no route in particular', query: 'limit=%E0%A4%A' },
];

describe('hero routes against bad requests', function () {
  this.timeout(120_000);
  const t = useTestCase({ fixtures: ['users', 'heroes'] });
  // Writes need create/update/delete:hero: the admin `fastapi` may do everything, so only the input is judged.
  beforeEach(() => t.client.login('fastapi'));
  let heroRoutes: MountedRoute[];

  before(async () => {
    heroRoutes = (await testApp()).routes.routes.filter((r) => r.name.startsWith('hero-'));
  });

  /** Every hero row, as the database holds it. */
  const heroTable = () => t.em.execute('select * from hero order by id');

  /** Whether `route` must refuse `probe` with a 4xx. */
  function mustRefuse(route: MountedRoute, probe: Probe): boolean {
    const hasBody = route.definition.params.some((p) => p.kind === 'body');
    switch (probe.refusedBy) {
      case 'every route': return true;
      case 'routes with a body': return hasBody;
      case 'routes with an id': return route.path.includes(':pk');
      case 'hero-list': return route.name === 'hero-list';
      default: return false;
    }
  }

  /**
   * Sends each probe to each route, each from the fixtures' state (a savepoint undoes what an accepted probe
   * wrote), and returns one line per broken rule.
   */
  async function sendAll(probes: Probe[], routes: MountedRoute[]): Promise<string[]> {
    const fixtureState = await heroTable();
    const validId = String((await Hero.get({ name: 'Deadpond' }))!.id);
    const problems: string[] = [];
    for (const route of routes) {
      for (const probe of probes) {
        const url = `${route.path.replace(':pk', probe.id ?? validId)}/${probe.query ? `?${probe.query}` : ''}`;
        const what = `${route.method.toUpperCase()} ${route.name} with ${probe.title}`;
        await t.em.execute('savepoint probe');
        try {
          let request = t.client[route.method](url);
          if (probe.send) request = probe.send(request);
          else if (route.name === 'hero-patch') request = request.send({ age: 30 });
          else if (route.definition.params.some((p) => p.kind === 'body')) request = request.send({ name: 'Valid', secret_name: 'Body' });
          const res = await request;
          if (res.status >= 500) problems.push(`${what}: ${res.status} ${res.text.slice(0, 200)}`);
          else if (mustRefuse(route, probe) && res.status < 400) problems.push(`${what}: accepted with ${res.status}`);
          if (res.status >= 400 && res.status < 500) {
            if (res.body?.detail === undefined) problems.push(`${what}: ${res.status} without a detail: ${res.text.slice(0, 200)}`);
            if (JSON.stringify(await heroTable()) !== JSON.stringify(fixtureState)) problems.push(`${what}: refused with ${res.status}, but the hero table changed`);
          }
        } finally {
          await t.em.execute('rollback to savepoint probe');
        }
      }
    }
    return problems;
  }

  it('every hero route is probed', () => {
    expect(heroRoutes.map((r) => r.name)).to.have.members(['hero-list', 'hero-get', 'hero-create', 'hero-update', 'hero-patch', 'hero-delete']);
  });

  it('survives bad bodies: wrong types, missing fields, malformed, huge, arrays, null, NUL', async () => {
    expect(await sendAll(BODIES, heroRoutes)).to.deep.equal([]);
  });

  it('survives bad ids: non-numeric, negative, huge, SQL, emoji, NUL', async () => {
    expect(await sendAll(IDS, heroRoutes)).to.deep.equal([]);
  });

  it('survives bad query strings: bad limits and offsets, unknown parameters and lookups, SQL', async () => {
    expect(await sendAll(QUERIES, heroRoutes)).to.deep.equal([]);
  });

  it('survives SQL metacharacters and tricky Unicode in bodies', async () => {
    expect(await sendAll(HOSTILE, heroRoutes)).to.deep.equal([]);
  });

  it('stores hostile text verbatim: it is data, never SQL', async () => {
    for (const text of HOSTILE_TEXT) {
      const created = await t.client.post(t.urlFor('hero-create')).send({ name: text, secret_name: text });
      expect(created.status, text).to.equal(201);
      const read = await t.client.get(t.urlFor('hero-get', { pk: created.body.id }));
      expect(read.body, text).to.include({ name: text, secret_name: text });
      expect(await Hero.count({ name: text }), text).to.equal(1);
    }
    expect(await Hero.count()).to.equal(6 + HOSTILE_TEXT.length);
  });

  it('refuses with a precise 422 what PostgreSQL could not store', async () => {
    const nul = await t.client.post(t.urlFor('hero-create')).send({ name: 'a\u0000b', secret_name: 'b' });
    expect(nul.status).to.equal(422);
    expect(nul.body.detail[0]).to.deep.include({ type: 'string_nul', loc: ['body', 'name'] });
    const huge = await t.client.post(t.urlFor('hero-create')).send({ name: 'a', secret_name: 'b', user_id: 99999999999 });
    expect(huge.status).to.equal(422);
    expect(huge.body.detail[0].loc).to.deep.equal(['body', 'user_id']);
  });
});
