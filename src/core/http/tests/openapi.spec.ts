/**
 * The OpenAPI 3.1 document, built from the routes' decorators and zod schemas, and the two doc pages on it:
 * Swagger UI at /docs/ and ReDoc at /redoc.
 */
import { expect } from 'chai';
import type { Express } from 'express';
import supertest from 'supertest';
import { z } from 'zod';
import { testApp } from '../../testing/index.js';
import { Body, buildApp, Controller, dependency, Depends, Form, Param, route, Router, type MountedRoute } from '../index.js';

/**
 * A node of the JSON document, navigated freely (objects and arrays alike): a wrong path fails the assertion
 * at run time, which is what these tests check, instead of the compiler.
 */
type Json = { readonly [key: string]: Json } & readonly Json[];
type Operation = Json;

/** `/api/heroes/:pk` → `/api/heroes/{pk}/`, the document's spelling of a route path. */
const documentPath = (route: MountedRoute) => route.path.replace(/:(\w+)/g, '{$1}').replace(/\/?$/, '/');

describe('OpenAPI document of the app', () => {
  let app: Express;
  let doc: Json;
  let apiRoutes: MountedRoute[];
  const operation = (name: string): Operation => {
    const route = apiRoutes.find((r) => r.name === name)!;
    return doc.paths[documentPath(route)][route.method];
  };

  /** A schema, or the component its `$ref` names (model schemas are named components). */
  const deref = (schema: Json): Json => (schema.$ref ? doc.components.schemas[String(schema.$ref).split("/").pop()!] : schema);

  before(async () => {
    const kit = await testApp();
    app = kit.app;
    apiRoutes = kit.routes.routes.filter((r) => r.path.startsWith('/api/'));
    const res = await supertest(app).get('/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.type).to.equal('application/json');
    doc = res.body;
  });

  it('is OpenAPI 3.1.0 with the API title and version', () => {
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.info).to.include({ title: 'ts-getstarted API', version: '0.1.0' });
  });

  it('has every /api route, with its name as operationId and its tags', () => {
    expect(apiRoutes.length).to.be.greaterThan(0);
    for (const route of apiRoutes) {
      const op = doc.paths[documentPath(route)]?.[route.method];
      expect(op, `${route.method} ${route.path}`).to.exist;
      expect(op.operationId).to.equal(route.name);
      expect(op.tags, route.name).to.be.an('array').that.is.not.empty;
    }
    const operationIds = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(operationIds).size).to.equal(operationIds.length);
  });

  it('documents the hero routes: tags, summaries, path and query parameters', () => {
    expect(operation('hero-list').tags).to.deep.equal(['Heroes']);
    expect(operation('hero-list').summary).to.equal('List heroes');
    const query = operation('hero-list').parameters.map((p) => [p.name, p.in, p.required]);
    expect(query.slice(-3)).to.deep.equal([['order_by', 'query', false], ['offset', 'query', false], ['limit', 'query', false]]);
    expect(query).to.deep.include(['age__gte', 'query', false]);
    for (const name of ['hero-get', 'hero-update', 'hero-patch', 'hero-delete']) {
      const [pk] = operation(name).parameters;
      expect(pk, name).to.deep.include({ name: 'pk', in: 'path', required: true });
      expect(pk.schema.type, name).to.equal('integer');
    }
  });

  it('documents the request body of create (name and secret_name required), update and patch', () => {
    const body = operation('hero-create').requestBody;
    expect(body.required).to.equal(true);
    const schema = deref(body.content['application/json'].schema);
    expect(schema.properties).to.have.keys('name', 'secret_name', 'age', 'user_id');
    expect(schema.required).to.have.members(['name', 'secret_name']);
    expect(deref(operation('hero-update').requestBody.content['application/json'].schema).required).to.have.members(['name', 'secret_name']);
    expect(deref(operation('hero-patch').requestBody.content['application/json'].schema).required ?? []).to.deep.equal([]);
    expect(operation('hero-get')).to.not.have.property('requestBody');
  });

  it('documents the responses: 201 for create, 204 without content for delete, 404 and 422', () => {
    expect(operation('hero-create').responses).to.include.keys('201', '422');
    expect(operation('hero-create').responses).to.not.have.property('200');
    const created = deref(operation('hero-create').responses['201'].content['application/json'].schema);
    expect(created.properties).to.include.keys('id', 'created_at', 'updated_at', 'name', 'secret_name', 'age', 'user_id');
    expect(operation('hero-delete').responses['204']).to.deep.equal({ description: 'No content' });
    for (const name of ['hero-get', 'hero-update', 'hero-patch', 'hero-delete']) {
      expect(operation(name).responses, name).to.include.keys('404', '422');
      expect(operation(name).responses['404'].description).to.equal('Hero not found.');
    }
    expect(operation('hero-patch').responses).to.include.keys('400');
    expect(operation('hero-list').responses['200'].content['application/json'].schema.type).to.equal('array');
  });

  it('describes error bodies with shared schemas: HTTPError and HTTPValidationError', () => {
    expect(operation('hero-get').responses['422'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/HTTPValidationError' });
    expect(operation('hero-get').responses['404'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/HTTPError' });
    expect(doc.components.schemas).to.include.keys('HTTPError', 'HTTPValidationError');
  });

  it('documents the default endpoints under the "Default" tag', () => {
    expect(doc.paths['/default/'].get).to.include({ operationId: 'secret-key' });
    expect(doc.paths['/default/healthcheck/'].get.tags).to.deep.equal(['Default']);
    expect(doc.paths['/default/healthcheck/'].get.responses).to.include.keys('200', '503');
  });

  it('serves Swagger UI at /docs/, with its script assets and the document inlined', async () => {
    expect((await supertest(app).get('/docs')).headers.location).to.equal('/docs/');
    const page = await supertest(app).get('/docs/');
    expect(page.status).to.equal(200);
    expect(page.type).to.equal('text/html');
    expect(page.text).to.include('swagger-ui').and.include('<title>ts-getstarted API</title>');
    const bundle = await supertest(app).get('/docs/swagger-ui-bundle.js');
    expect(bundle.status).to.equal(200);
    expect(bundle.type).to.match(/javascript/);
    const init = await supertest(app).get('/docs/swagger-ui-init.js');
    expect(init.status).to.equal(200);
    expect(init.text).to.include('"openapi": "3.1.0"');
  });

  it('serves ReDoc at /redoc, reading /openapi.json, with its script from the kit itself (works offline)', async () => {
    const res = await supertest(app).get('/redoc');
    expect(res.status).to.equal(200);
    expect(res.type).to.equal('text/html');
    expect(res.text).to.include('<redoc spec-url="/openapi.json"></redoc>');
    expect(res.text).to.include('<script src="/redoc/redoc.standalone.js"></script>').and.not.match(/https?:\/\//);
    expect(res.headers['content-security-policy']).to.include("script-src 'self';").and.not.include('http');
    const bundle = await supertest(app).get('/redoc/redoc.standalone.js');
    expect(bundle.status).to.equal(200);
    expect(bundle.type).to.match(/javascript/);
    expect(bundle.text.length).to.be.greaterThan(100_000);
  });

  it("offers the OAuth2 password flow, so Swagger UI's Authorize asks for a username and password", () => {
    expect(doc.components.securitySchemes).to.deep.equal({ OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { tokenUrl: '/api/auth/token/', scopes: {} } } } });
    expect(operation('user-update').security).to.deep.equal([{ OAuth2PasswordBearer: [] }]);
  });

  it('names the model schemas as components that routes refer to', () => {
    expect(doc.components.schemas.Hero.properties).to.have.keys('id', 'created_at', 'updated_at', 'name', 'secret_name', 'age', 'user_id');
    expect(operation('hero-get').responses['200'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/Hero' });
    expect(operation('hero-list').responses['200'].content['application/json'].schema.items).to.deep.equal({ $ref: '#/components/schemas/Hero' });
  });
});

const bearer = dependency((ctx) => ctx.req.get('Authorization') ?? '', { bearer: true, responses: { 401: 'Not authenticated' } });
const ownerOnly = dependency(async (ctx) => { await ctx.resolve(bearer); }, { uses: [bearer], responses: { 403: 'Not the owner' } });
const Signup = z.object({ email: z.email(), password: z.string().min(8) });
const Ticket = z.object({ id: z.number().int(), title: z.string() }).openapi('Ticket');

@Controller('/tickets', { tags: ['Tickets'] })
class TicketsController {
  @route.get('/:code', { response: Ticket, description: 'One ticket by its code.' })
  get(@Param('code') code: string) {
    return { id: 1, title: code };
  }

  @route.get('/:id/history', { tags: ['History'], summary: 'History of a ticket', deprecated: true })
  history(@Param('id', z.coerce.number().int().positive()) id: number) {
    return [id];
  }

  @route.post('/signup', { status: 201, dependencies: [ownerOnly] })
  signup(@Form(Signup) form: z.infer<typeof Signup>, @Depends(bearer) token: string) {
    return { email: form.email, token };
  }

  @route.put('/:code/title', { responses: { 409: 'Title taken' } })
  rename(@Param('code') code: string, @Body(z.object({ title: z.string() })) body: { title: string }) {
    return { code, ...body };
  }
}

describe('OpenAPI document of a controller', () => {
  const { openapi } = buildApp({ api: [Router({ prefix: '/t', tags: ['Test'] }, TicketsController)] });
  const doc: Json = JSON.parse(JSON.stringify(openapi));

  it('names schemas registered with .openapi(name) as components', () => {
    const get = doc.paths['/api/t/tickets/{code}/'].get;
    expect(get.responses['200'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/Ticket' });
    expect(doc.components.schemas.Ticket.required).to.have.members(['id', 'title']);
  });

  it('takes summary (default: the route name), description, deprecated and tags from the decorators', () => {
    const get = doc.paths['/api/t/tickets/{code}/'].get;
    expect(get).to.include({ operationId: 'tickets-get', summary: 'tickets-get', description: 'One ticket by its code.' });
    expect(get.tags).to.deep.equal(['Test', 'Tickets']);
    const history = doc.paths['/api/t/tickets/{id}/history/'].get;
    expect(history).to.include({ summary: 'History of a ticket', deprecated: true });
    expect(history.tags).to.deep.equal(['History']);
  });

  it('types path parameters: a string without a schema, the schema\'s type with one', () => {
    expect(doc.paths['/api/t/tickets/{code}/'].get.parameters[0]).to.deep.include({ name: 'code', in: 'path', required: true, schema: { type: 'string' } });
    expect(doc.paths['/api/t/tickets/{id}/history/'].get.parameters[0].schema.type).to.equal('integer');
  });

  it('documents a form body as application/x-www-form-urlencoded', () => {
    const signup = doc.paths['/api/t/tickets/signup/'].post;
    expect(signup.requestBody.content).to.have.keys('application/x-www-form-urlencoded');
    expect(signup.requestBody.content['application/x-www-form-urlencoded'].schema.required).to.have.members(['email', 'password']);
  });

  it('collects what dependencies declare: bearer security and their error responses, through `uses` too', () => {
    const signup = doc.paths['/api/t/tickets/signup/'].post;
    expect(signup.security).to.deep.equal([{ bearer: [] }]);
    expect(signup.responses).to.include.keys('201', '401', '403', '422');
    expect(doc.components.securitySchemes.bearer).to.deep.equal({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.paths['/api/t/tickets/{code}/'].get.security).to.equal(undefined);
  });

  it('adds the route\'s own documented responses', () => {
    expect(doc.paths['/api/t/tickets/{code}/title/'].put.responses).to.include.keys('200', '409', '422');
    expect(doc.paths['/api/t/tickets/{code}/title/'].put.responses['409'].description).to.equal('Title taken');
  });
});
