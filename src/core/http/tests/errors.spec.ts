/**
 * Errors: one error handler turns every framework error into `{"detail": …}` with its status, anything else into
 * a bare 500, and what a client can send wrong (paths, JSON, sizes, encodings, duplicates, filters) into a 4xx.
 */
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import supertest from 'supertest';
import { z } from 'zod';
import * as registry from '../../errors/registry.js';
import { KitError } from '../../errors/index.js';
import { useTestCase } from '../../testing/index.js';
import { getSettings } from '../../../settings/index.js';
import { KitAuthor } from '../../db/tests/models.js';
import { Body, buildApp, Controller, Param, Query, route, Router } from '../index.js';

/** Every error class of the registry, how to make one, and the status a client gets. */
const REGISTRY: Array<[name: keyof typeof registry, make: () => KitError, status: number]> = [
  ['BadRequest', () => new registry.BadRequest('Bad request, really.'), 400],
  ['Unauthorized', () => new registry.Unauthorized(), 401],
  ['Forbidden', () => new registry.Forbidden(), 403],
  ['NotFound', () => new registry.NotFound('Hero not found.'), 404],
  ['MethodNotAllowed', () => new registry.MethodNotAllowed(['GET', 'HEAD', 'OPTIONS']), 405],
  ['Conflict', () => new registry.Conflict(), 409],
  ['PayloadTooLarge', () => new registry.PayloadTooLarge(), 413],
  ['ValidationFailed', () => new registry.ValidationFailed([{ type: 'custom', loc: ['body', 'name'], msg: 'Taken' }]), 422],
  ['TooManyRequests', () => new registry.TooManyRequests(), 429],
  ['ServiceUnavailable', () => new registry.ServiceUnavailable({ status: 'KO' }), 503],
  ['InvalidLookup', () => new registry.InvalidLookup('Invalid operator: foo'), 400],
  ['UnknownField', () => new registry.UnknownField('Hero has no field \'x\'.'), 400],
  ['NoDatabaseContext', () => new registry.NoDatabaseContext(), 500],
  ['FixtureError', () => new registry.FixtureError('heroes.yaml, entry 1: bad'), 400],
  ['SignalLoop', () => new registry.SignalLoop(10), 500],
  ['TaskPayloadInvalid', () => new registry.TaskPayloadInvalid('user.create-user', [{ type: 'invalid_type', loc: ['username'], msg: 'Required' }]), 422],
  ['StaleObject', () => new registry.StaleObject('Account'), 409],
  ['DatabaseUnavailable', () => new registry.DatabaseUnavailable(), 503],
  ['MalformedJson', () => new registry.MalformedJson('Unexpected end of JSON input'), 400],
  ['TooManyParameters', () => new registry.TooManyParameters(), 413],
  ['UnsupportedEncoding', () => new registry.UnsupportedEncoding(), 415],
  ['UnsupportedCharset', () => new registry.UnsupportedCharset(), 415],
  ['RequestAborted', () => new registry.RequestAborted(), 400],
  ['RequestSizeMismatch', () => new registry.RequestSizeMismatch(), 400],
  ['MalformedUrl', () => new registry.MalformedUrl(), 400],
  ['RequestRejected', () => new registry.RequestRejected(400, 'incorrect header check'), 400],
];

const AuthorCreate = KitAuthor.createSchema();
const Filters = z.record(z.string(), z.string());
const Text = z.object({ text: z.string() });

@Controller('/errors')
class ThrowingController {
  @route.get('/registry/:name')
  fromRegistry(@Param('name') name: string) {
    throw REGISTRY.find(([n]) => n === name)![1]();
  }

  @route.get('/plain')
  plain() {
    throw new Error('secret internals: password=hunter2');
  }

  @route.get('/async')
  async rejected() {
    await Promise.resolve();
    throw new TypeError('cannot read properties of undefined');
  }

  @route.get('/not-an-error')
  notAnError() {
    throw 'a string';
  }

  @route.get('/upstream')
  upstream() {
    // What an HTTP client library throws when another service answers 404: not this request's fault.
    throw Object.assign(new Error('Request failed with status code 404'), { status: 404 });
  }

  @route.post('/echo')
  echo(@Body(Text) body: z.infer<typeof Text>) {
    return { length: body.text.length };
  }

  @route.post('/authors', { status: 201 })
  createAuthor(@Body(AuthorCreate) data: z.infer<typeof AuthorCreate>) {
    return KitAuthor.create(data).save();
  }

  @route.post('/authors/raw', { status: 201 })
  createAuthorFromAnything(@Body(z.record(z.string(), z.unknown())) data: Record<string, unknown>) {
    return KitAuthor.create(data as never).save();
  }

  @route.get('/authors')
  listAuthors(@Query(Filters) filters: Record<string, string>) {
    return KitAuthor.filter(filters as never);
  }
}

const { app } = buildApp({ api: [Router({ prefix: '/t' }, ThrowingController)] });

/** BODY_LIMIT (`1mb`, `100kb`) in bytes, as body-parser reads it. */
function bodyLimitBytes(): number {
  const [, amount, unit] = /^(\d+)(b|kb|mb)$/i.exec(getSettings().BODY_LIMIT)!;
  return Number(amount) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit!.toLowerCase() as 'b' | 'kb' | 'mb'];
}

describe('HTTP errors', () => {
  describe('the error registry', () => {
    it('lists every error class of registry.ts in this test', () => {
      const classes = Object.entries(registry).filter(([, value]) => typeof value === 'function' && value.prototype instanceof KitError);
      expect(classes.map(([name]) => name)).to.have.members(REGISTRY.map(([name]) => name));
    });

    for (const [name, make, status] of REGISTRY) {
      it(`${name} thrown by a handler answers ${status} {"detail": …} with its headers`, async () => {
        const res = await supertest(app).get(`/api/t/errors/registry/${name}`);
        expect(res.status).to.equal(status);
        expect(res.type).to.equal('application/json');
        expect(res.body).to.deep.equal({ detail: make().detail });
        for (const [header, value] of Object.entries(make().headers)) expect(res.headers[header.toLowerCase()]).to.equal(value);
      });
    }

    it('gives every class its own stable code', () => {
      const codes = REGISTRY.map(([, make]) => make().code);
      expect(new Set(codes).size).to.equal(codes.length);
    });

    it('puts the headers on the errors: 401 WWW-Authenticate, 429 and 503 Retry-After', () => {
      expect(new registry.Unauthorized().headers).to.deep.equal({ 'WWW-Authenticate': 'Bearer' });
      expect(new registry.TooManyRequests('x', 30).headers).to.deep.equal({ 'Retry-After': '30' });
      expect(new registry.DatabaseUnavailable().headers).to.deep.equal({ 'Retry-After': String(registry.OUTAGE_RETRY_AFTER_SECONDS) });
      expect(new registry.DatabaseUnavailable().detail).to.equal('Service unavailable: the database is not reachable.');
    });

    it('keeps CLI errors out of HTTP: CommandError has an exit code, no status', () => {
      const error = new registry.CommandError('Unknown migrate action: sideways.', 2);
      expect(error).to.not.be.instanceOf(KitError);
      expect(error.exitCode).to.equal(2);
      expect(error).to.not.have.property('status');
    });
  });

  describe('server errors', () => {
    it('answers a plain Error with a bare 500: no message, no stack', async () => {
      const res = await supertest(app).get('/api/t/errors/plain');
      expect(res.status).to.equal(500);
      expect(res.body).to.deep.equal({ detail: 'Internal Server Error' });
      expect(res.text).to.not.match(/hunter2|secret|\bat\b|\.js/);
    });

    it('does the same for a rejected promise and for a thrown non-Error', async () => {
      for (const path of ['/api/t/errors/async', '/api/t/errors/not-an-error']) {
        const res = await supertest(app).get(path);
        expect(res.status).to.equal(500);
        expect(res.body).to.deep.equal({ detail: 'Internal Server Error' });
      }
    });

    it('keeps an error of another library that merely carries a status a 500', async () => {
      const res = await supertest(app).get('/api/t/errors/upstream');
      expect(res.status).to.equal(500);
      expect(res.body).to.deep.equal({ detail: 'Internal Server Error' });
    });
  });

  describe('what a client can get wrong', () => {
    it('answers 404 {"detail":"Not Found"} for a path no route answers, whatever the method', async () => {
      for (const res of [await supertest(app).get('/no/such/path'), await supertest(app).patch('/api/t/no/such/path')]) {
        expect(res.status).to.equal(404);
        expect(res.body).to.deep.equal({ detail: 'Not Found' });
      }
    });

    it('answers 405 with Allow for a method a path does not have (the methods of every route on that path)', async () => {
      const del = await supertest(app).delete('/api/t/errors/plain');
      expect(del.status).to.equal(405);
      expect(del.headers.allow).to.equal('GET, HEAD, OPTIONS');
      expect(del.body).to.deep.equal({ detail: 'Method Not Allowed' });
      const put = await supertest(app).put('/api/t/errors/authors/');
      expect(put.status).to.equal(405);
      expect(put.headers.allow).to.equal('GET, HEAD, POST, OPTIONS');
      expect((await supertest(app).post('/api/t/errors/registry/not_found')).headers.allow).to.equal('GET, HEAD, OPTIONS');
    });

    it('answers HEAD with the GET route, and OPTIONS with 200 and Allow (no 405 for either)', async () => {
      const head = await supertest(app).head('/api/t/errors/authors');
      expect(head.status).to.equal(200);
      const options = await supertest(app).options('/api/t/errors/authors');
      expect(options.status).to.equal(200);
      expect(options.headers.allow).to.equal('GET, HEAD, POST');
    });

    it('answers 400 for malformed JSON, naming the problem', async () => {
      const res = await supertest(app).post('/api/t/errors/echo').set('Content-Type', 'application/json').send('{"text": "unterminated');
      expect(res.status).to.equal(400);
      expect(res.body.detail).to.match(/^Malformed JSON body: /);
    });

    it('answers 422 naming the body for valid JSON that is not an object (null, a number, a string), as for any wrong type', async () => {
      for (const [raw, received] of [['null', 'null'], ['42', 'number'], ['"text"', 'string']] as const) {
        const res = await supertest(app).post('/api/t/errors/echo').set('Content-Type', 'application/json').send(raw);
        expect(res.status, raw).to.equal(422);
        expect(res.body, raw).to.deep.equal({ detail: [{ type: 'invalid_type', loc: ['body'], msg: `Invalid input: expected object, received ${received}` }] });
      }
    });

    it('answers 413 for a JSON or form body over BODY_LIMIT, and accepts one just under it', async () => {
      const limit = bodyLimitBytes();
      const under = await supertest(app).post('/api/t/errors/echo').send({ text: 'x'.repeat(limit - 100) });
      expect(under.status).to.equal(200);
      const over = await supertest(app).post('/api/t/errors/echo').send({ text: 'x'.repeat(limit) });
      expect(over.status).to.equal(413);
      expect(over.body).to.deep.equal({ detail: 'Request body is too large.' });
      const form = await supertest(app).post('/api/t/errors/echo').type('form').send(`text=${'x'.repeat(limit)}`);
      expect(form.status).to.equal(413);
    });

    it('measures a compressed body once inflated: a small gzip bomb is a 413', async () => {
      const bomb = gzipSync(JSON.stringify({ text: ' '.repeat(bodyLimitBytes() * 2) }));
      expect(bomb.length).to.be.lessThan(bodyLimitBytes() / 100);
      const res = await supertest(app).post('/api/t/errors/echo').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip')
        .serialize((raw) => raw as string) // send the gzip bytes as they are, not as JSON
        .send(bomb);
      expect(res.status).to.equal(413);
    });

    it('answers 400 for a compressed body that does not inflate, and 415 for an unknown charset', async () => {
      const garbage = await supertest(app).post('/api/t/errors/echo').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('not gzip');
      expect(garbage.status).to.equal(400);
      expect(garbage.body).to.deep.equal({ detail: 'Bad request: incorrect header check.' });
      const charset = await supertest(app).post('/api/t/errors/echo').set('Content-Type', 'application/json; charset=klingon').send('{}');
      expect(charset.status).to.equal(415);
      expect(charset.body).to.deep.equal({ detail: 'Unsupported charset.' });
    });

    it('answers 400 for a path whose percent-encoding does not decode', async () => {
      const res = await supertest(app).get('/api/t/errors/registry/%E0%A4%A');
      expect(res.status).to.equal(400);
      expect(res.body).to.deep.equal({ detail: 'Malformed URL: invalid percent-encoding.' });
    });
  });

  describe('database errors', () => {
    useTestCase();

    it('answers 409 for a duplicate unique value, and the next request still works', async () => {
      expect((await supertest(app).post('/api/t/errors/authors').send({ name: 'Ann Leckie' })).status).to.equal(201);
      const duplicate = await supertest(app).post('/api/t/errors/authors').send({ name: 'Ann Leckie' });
      expect(duplicate.status).to.equal(409);
      expect(duplicate.body).to.deep.equal({ detail: 'Conflict: Key (name)=(Ann Leckie) already exists.' });
      expect((await supertest(app).post('/api/t/errors/authors').send({ name: 'Iain Banks' })).status).to.equal(201);
      expect(await KitAuthor.count()).to.equal(2);
    });

    it('answers 400 InvalidLookup for a filter on an unknown field or with an unknown operator', async () => {
      await KitAuthor.create({ name: 'Ursula' }).save();
      expect((await supertest(app).get('/api/t/errors/authors?name__startswith=Urs')).body).to.have.length(1);
      const operator = await supertest(app).get('/api/t/errors/authors?name__foo=1');
      expect(operator.status).to.equal(400);
      expect(operator.body).to.deep.equal({ detail: 'Invalid operator: foo' });
      const field = await supertest(app).get('/api/t/errors/authors?shoe_size=42');
      expect(field.status).to.equal(400);
      expect(field.body.detail).to.match(/^Model KitAuthor does not have any field named 'shoe_size'/);
      const value = await supertest(app).get('/api/t/errors/authors?age__gte=old');
      expect(value.status).to.equal(400);
    });

    it('answers 400 UnknownField for data naming a field the model does not have', async () => {
      const res = await supertest(app).post('/api/t/errors/authors/raw').send({ name: 'X', shoe_size: 42 });
      expect(res.status).to.equal(400);
      expect(res.body.detail).to.match(/^KitAuthor has no field 'shoe_size'/);
    });
  });
});
