/**
 * How a handler receives its inputs: each parameter decorator, constructor injection, the success status and the
 * response schema. Small test controllers, mounted with `buildApp` like any app's routers.
 */
import { expect } from 'chai';
import type { Request, Response } from 'express';
import supertest from 'supertest';
import { container } from 'tsyringe';
import { z } from 'zod';
import { Body, buildApp, Controller, dependency, Depends, Form, injectable, Param, Query, Req, Res, route, Router } from '../index.js';

const Item = z.object({ name: z.string().min(1), quantity: z.number().int().positive() });
const Login = z.object({ username: z.string().min(1), remember: z.stringbool().default(false) });
const Search = z.object({
  q: z.string().default(''),
  page: z.coerce.number().int().min(1).default(1),
  exact: z.stringbool().default(false),
});
const Id = z.coerce.number().int().positive();
const PublicProfile = z.object({ id: z.number(), name: z.string() });

/** A dependency: a function of the request context. */
const requestId = dependency((ctx) => ctx.req.get('X-Request-Id') ?? 'none');

@Controller('/inputs')
class InputsController {
  @route.post('/body')
  body(@Body(Item) item: z.infer<typeof Item>) {
    return { received: item };
  }

  @route.post('/form')
  form(@Form(Login) login: z.infer<typeof Login>) {
    return login;
  }

  @route.get('/search')
  search(@Query(Search) search: z.infer<typeof Search>) {
    return search;
  }

  @route.get('/slugs/:slug')
  slug(@Param('slug') slug: string) {
    return { slug, type: typeof slug };
  }

  @route.get('/items/:id')
  item(@Param('id', Id) id: number) {
    return { id, type: typeof id };
  }

  @route.put('/items/:id')
  replace(@Param('id', Id) id: number, @Query(Search) search: z.infer<typeof Search>, @Body(Item) item: z.infer<typeof Item>) {
    return { id, page: search.page, item };
  }

  @route.get('/request')
  request(@Req() req: Request) {
    return { method: req.method, path: req.path, agent: req.get('User-Agent') };
  }

  @route.get('/response')
  response(@Res() res: Response) {
    res.setHeader('X-Handled-By', 'InputsController');
    return { body: 'still the return value' };
  }

  @route.get('/depends')
  depends(@Depends(requestId) id: string) {
    return { requestId: id };
  }
}

@Controller('/outputs')
class OutputsController {
  @route.post('/', { status: 201 })
  create() {
    return { created: true };
  }

  @route.delete('/', { status: 204 })
  remove() {
    return { this: 'is never sent' };
  }

  @route.get('/nothing')
  nothing() {
    return undefined;
  }

  @route.get('/profile', { response: PublicProfile })
  profile() {
    return { id: 1, name: 'Ann', password: 'hunter2', internalNote: 'never sent' };
  }
}

/** A service the container builds and injects into the controller below. */
@injectable()
class Greeter {
  greet(name: string): string {
    return `Hello, ${name}!`;
  }
}

@Controller('/greetings')
class GreetingsController {
  static built = 0;
  constructor(private readonly greeter: Greeter) {
    GreetingsController.built += 1;
  }

  @route.get('/:name')
  greet(@Param('name') name: string) {
    return { message: this.greeter.greet(name) };
  }
}

const { app } = buildApp({ api: [Router({ prefix: '/t' }, InputsController, OutputsController)] });

describe('HTTP handler parameters', () => {
  describe('@Body', () => {
    it('passes the validated JSON body', async () => {
      const res = await supertest(app).post('/api/t/inputs/body').send({ name: 'apple', quantity: 3, extra: 'dropped' });
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ received: { name: 'apple', quantity: 3 } });
    });

    it('answers 422 with one issue per bad field, located in the body', async () => {
      const res = await supertest(app).post('/api/t/inputs/body').send({ name: '', quantity: 'three' });
      expect(res.status).to.equal(422);
      expect(res.body.detail.map((d: { loc: unknown[] }) => d.loc)).to.deep.equal([['body', 'name'], ['body', 'quantity']]);
      for (const issue of res.body.detail) expect(issue).to.have.keys('type', 'loc', 'msg');
    });

    it('answers 422 "Field required" when there is no body at all', async () => {
      const res = await supertest(app).post('/api/t/inputs/body');
      expect(res.status).to.equal(422);
      expect(res.body.detail).to.deep.equal([{ type: 'missing', loc: ['body'], msg: 'Field required' }]);
    });
  });

  describe('@Form', () => {
    it('passes the validated urlencoded form', async () => {
      const res = await supertest(app).post('/api/t/inputs/form').type('form').send('username=ann&remember=true');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ username: 'ann', remember: true });
    });

    it('applies defaults and reports missing fields', async () => {
      const defaults = await supertest(app).post('/api/t/inputs/form').type('form').send('username=ann');
      expect(defaults.body).to.deep.equal({ username: 'ann', remember: false });
      const missing = await supertest(app).post('/api/t/inputs/form').type('form').send('remember=true');
      expect(missing.status).to.equal(422);
      expect(missing.body.detail[0]).to.include({ type: 'missing', msg: 'Field required' });
      expect(missing.body.detail[0].loc).to.deep.equal(['body', 'username']);
    });
  });

  describe('@Query', () => {
    it('coerces the query string and fills in defaults', async () => {
      const res = await supertest(app).get('/api/t/inputs/search?page=3&exact=yes');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ q: '', page: 3, exact: true });
      const defaults = await supertest(app).get('/api/t/inputs/search');
      expect(defaults.body).to.deep.equal({ q: '', page: 1, exact: false });
    });

    it('answers 422 located in the query for a value that does not coerce', async () => {
      const res = await supertest(app).get('/api/t/inputs/search?page=0');
      expect(res.status).to.equal(422);
      expect(res.body.detail[0].loc).to.deep.equal(['query', 'page']);
      expect((await supertest(app).get('/api/t/inputs/search?page=abc')).status).to.equal(422);
    });
  });

  describe('@Param', () => {
    it('passes the raw, decoded string when no schema is given', async () => {
      const res = await supertest(app).get(`/api/t/inputs/slugs/${encodeURIComponent('42 ünïcode')}`);
      expect(res.body).to.deep.equal({ slug: '42 ünïcode', type: 'string' });
    });

    it('validates and coerces with a schema; a failure is a 422 located in the path', async () => {
      expect((await supertest(app).get('/api/t/inputs/items/42')).body).to.deep.equal({ id: 42, type: 'number' });
      const bad = await supertest(app).get('/api/t/inputs/items/forty-two');
      expect(bad.status).to.equal(422);
      expect(bad.body.detail[0].loc).to.deep.equal(['path', 'id']);
    });
  });

  describe('@Req, @Res and @Depends', () => {
    it('@Req gives the Express request', async () => {
      const res = await supertest(app).get('/api/t/inputs/request').set('User-Agent', 'spec-agent');
      expect(res.body).to.deep.equal({ method: 'GET', path: '/api/t/inputs/request', agent: 'spec-agent' });
    });

    it('@Res gives the Express response for headers; the return value is still the body', async () => {
      const res = await supertest(app).get('/api/t/inputs/response');
      expect(res.status).to.equal(200);
      expect(res.headers['x-handled-by']).to.equal('InputsController');
      expect(res.body).to.deep.equal({ body: 'still the return value' });
    });

    it('@Depends gives the value of a dependency', async () => {
      expect((await supertest(app).get('/api/t/inputs/depends').set('X-Request-Id', 'abc-123')).body).to.deep.equal({ requestId: 'abc-123' });
      expect((await supertest(app).get('/api/t/inputs/depends')).body).to.deep.equal({ requestId: 'none' });
    });
  });

  describe('several inputs in one handler', () => {
    it('reports every invalid input of a request at once (path, query and body)', async () => {
      const res = await supertest(app).put('/api/t/inputs/items/x?page=0').send({ name: 'pear' });
      expect(res.status).to.equal(422);
      expect(res.body.detail.map((d: { loc: unknown[] }) => d.loc)).to.have.deep.members([['path', 'id'], ['query', 'page'], ['body', 'quantity']]);
      const ok = await supertest(app).put('/api/t/inputs/items/7?page=2').send({ name: 'pear', quantity: 1 });
      expect(ok.body).to.deep.equal({ id: 7, page: 2, item: { name: 'pear', quantity: 1 } });
    });
  });
});

describe('text that PostgreSQL cannot keep', () => {
  it('refuses the NUL character in any input with a 422 at its location', async () => {
    const body = await supertest(app).post('/api/t/inputs/body').send({ name: 'nul\u0000here', quantity: 1 });
    expect(body.status).to.equal(422);
    expect(body.body.detail).to.deep.equal([{ type: 'string_nul', loc: ['body', 'name'], msg: 'Text cannot contain the NUL character (\\u0000).' }]);
    const query = await supertest(app).get('/api/t/inputs/search?q=a%00b');
    expect(query.status).to.equal(422);
    expect(query.body.detail[0].loc).to.deep.equal(['query', 'q']);
    const path = await supertest(app).get('/api/t/inputs/slugs/a%00b');
    expect(path.status).to.equal(422);
    expect(path.body.detail[0].loc).to.deep.equal(['path', 'slug']);
  });

  it('refuses a lone UTF-16 surrogate (PostgreSQL would store U+FFFD instead)', async () => {
    const res = await supertest(app).post('/api/t/inputs/body').set('Content-Type', 'application/json').send('{"name": "half \\ud83d", "quantity": 1}');
    expect(res.status).to.equal(422);
    expect(res.body.detail[0]).to.include({ type: 'string_unicode' });
    expect(res.body.detail[0].loc).to.deep.equal(['body', 'name']);
    const emoji = await supertest(app).post('/api/t/inputs/body').send({ name: 'whole \ud83d\ude00', quantity: 1 });
    expect(emoji.body).to.deep.equal({ received: { name: 'whole 😀', quantity: 1 } });
  });
});

describe('HTTP handler results', () => {
  it('answers 200 with the JSON of the return value by default, and null for undefined', async () => {
    const res = await supertest(app).get('/api/t/outputs/nothing');
    expect(res.status).to.equal(200);
    expect(res.type).to.equal('application/json');
    expect(res.text).to.equal('null');
  });

  it('uses the `status` option: 201 with a body', async () => {
    const res = await supertest(app).post('/api/t/outputs/');
    expect(res.status).to.equal(201);
    expect(res.body).to.deep.equal({ created: true });
  });

  it('sends no body at all with status 204, whatever the handler returns', async () => {
    const res = await supertest(app).delete('/api/t/outputs/');
    expect(res.status).to.equal(204);
    expect(res.text).to.equal('');
    expect(res.headers).to.not.have.property('content-type');
  });

  it('filters the body through the `response` schema: keys it does not declare are not sent', async () => {
    const res = await supertest(app).get('/api/t/outputs/profile');
    expect(res.body).to.deep.equal({ id: 1, name: 'Ann' });
    expect(res.text).to.not.include('hunter2');
  });
});

describe('controllers and the tsyringe container', () => {
  it('builds a controller once, injecting its constructor parameters', async () => {
    const before = GreetingsController.built;
    const { app: greetings } = buildApp({ api: [Router({ prefix: '/t' }, GreetingsController)] });
    expect(GreetingsController.built).to.equal(before + 1);
    expect((await supertest(greetings).get('/api/t/greetings/Ann')).body).to.deep.equal({ message: 'Hello, Ann!' });
    expect((await supertest(greetings).get('/api/t/greetings/Bob')).body).to.deep.equal({ message: 'Hello, Bob!' });
    expect(GreetingsController.built).to.equal(before + 1);
  });

  it('takes its services from the container given to buildApp (a test can inject a fake)', async () => {
    const scoped = container.createChildContainer();
    scoped.register(Greeter, { useValue: { greet: (name: string) => `Fake hello, ${name}.` } });
    const { app: faked } = buildApp({ api: [Router({ prefix: '/t' }, GreetingsController)], container: scoped });
    expect((await supertest(faked).get('/api/t/greetings/Ann')).body).to.deep.equal({ message: 'Fake hello, Ann.' });
  });
});
