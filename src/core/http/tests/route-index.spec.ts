/**
 * The route index finds a request's routes by its first two path segments; within them Express matches as it
 * always did: order decides between overlapping routes, parameters anywhere, case-insensitive paths, an
 * optional trailing slash, HEAD through GET, Express's automatic OPTIONS answer, percent-decoded parameters, and a
 * path no route matches falls through to the 404.
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { buildApp, Controller, Param, route } from '../index.js';

@Controller('/shelf')
class ShelfController {
  @route.get('/:name', { name: 'index-shelf-any' })
  any(@Param('name') name: string) {
    return { route: 'any', name };
  }

  @route.get('/new', { name: 'index-shelf-new' })
  fresh() {
    return { route: 'new' };
  }

  @route.post('/', { name: 'index-shelf-post' })
  add() {
    return { route: 'post' };
  }
}

@Controller('')
class TopController {
  @route.get('/:section/items', { name: 'index-top-items' })
  items(@Param('section') section: string) {
    return { route: 'items', section };
  }
}

@Controller('/deep/er')
class DeepController {
  @route.get('/still/:id', { name: 'index-deep' })
  deep(@Param('id') id: string) {
    return { route: 'deep', id };
  }
}

describe('route index', () => {
  const { app } = buildApp({ api: [ShelfController, TopController, DeepController] });
  const get = (path: string) => supertest(app).get(path);

  it('keeps registration order between overlapping routes: /:name was declared before /new', async () => {
    expect((await get('/api/shelf/new')).body).to.deep.equal({ route: 'any', name: 'new' });
  });

  it('matches paths case-insensitively and with or without the trailing slash, as Express does', async () => {
    expect((await get('/API/Shelf/books')).body).to.deep.equal({ route: 'any', name: 'books' });
    expect((await get('/api/shelf/books/')).body).to.deep.equal({ route: 'any', name: 'books' });
  });

  it('finds routes whose second segment is a parameter, and routes deeper than the key', async () => {
    expect((await get('/api/kitchen/items')).body).to.deep.equal({ route: 'items', section: 'kitchen' });
    expect((await get('/api/shelf/items')).body).to.deep.equal({ route: 'any', name: 'items' });
    expect((await get('/api/deep/er/still/7')).body).to.deep.equal({ route: 'deep', id: '7' });
  });

  it('answers HEAD through GET, other methods by their own routes, and 404 when nothing matches', async () => {
    expect((await supertest(app).head('/api/shelf/x')).status).to.equal(200);
    expect((await supertest(app).post('/api/shelf/')).body).to.deep.equal({ route: 'post' });
    expect((await get('/api/nowhere/at/all')).status).to.equal(404);
    expect((await get('/api/deep/er/still')).status).to.equal(404);
  });

  it("answers OPTIONS as Express's router does: 200 with the methods of every route on the path", async () => {
    const any = await supertest(app).options('/api/shelf/new');
    expect(any.status).to.equal(200);
    expect(any.headers.allow).to.equal('GET, HEAD');
    expect(any.text).to.equal('GET, HEAD');
    expect((await supertest(app).options('/api/shelf/')).headers.allow).to.equal('POST');
    expect((await supertest(app).options('/api/nowhere/at/all')).status).to.equal(404);
  });

  it('percent-decodes parameters, and answers 400 to a malformed escape instead of matching', async () => {
    expect((await get('/api/shelf/two%20words')).body).to.deep.equal({ route: 'any', name: 'two words' });
    const bad = await get('/api/shelf/%E0%A4%A');
    expect(bad.status).to.equal(400);
  });

  it('sets req.route to the matched pattern (the metrics label requests by it)', async () => {
    const seen: unknown[] = [];
    const { app: probe } = buildApp({
      api: [ShelfController],
      middleware: [(req, res, next) => {
        res.on('finish', () => seen.push((req.route as { path?: string } | undefined)?.path));
        next();
      }],
    });
    await supertest(probe).get('/api/shelf/7');
    await supertest(probe).get('/api/nowhere');
    expect(seen).to.deep.equal(['/api/shelf/:name', undefined]);
  });
});
