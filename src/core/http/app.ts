import { createRequire } from 'node:module';
import express, { type Express, type Router as ExpressRouter } from 'express';
import cors from 'cors';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { getSettings } from '../../settings/index.js';
import { getLogger } from '../logging/index.js';
import { accessLog } from './middleware/access-log.js';
import { securityHeaders } from './middleware/security-headers.js';
import { databaseContext } from './middleware/database-context.js';
import { metricsEndpoint, metricsMiddleware } from './middleware/metrics.js';
import { collectRoutes, mountRoutes } from './mount.js';
import { buildOpenApi, type OpenApiInfo } from './openapi.js';
import { RouteTable } from './route-table.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { routeIndex } from './route-index.js';
import { pipeline } from './pipeline.js';
import { openFrontDoor, pendingError, unlessPassed } from './front-door.js';
import { lazyCookies } from './request-cookies.js';
import { errorHandler, notFoundHandler, toClientError } from './error-handler.js';
import type { RouterDefinition } from './router.js';
import type { ControllerClass } from './metadata.js';
import { DefaultController, RootController } from './default-routes.js';
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { attachUpgrades, type UpgradeRoute } from '../realtime/upgrade.js';
import { csrfMiddleware, sessionRequired, staticsMiddleware } from '../web/index.js';
import { webErrorPages } from '../templating/index.js';


/** What `buildApp` mounts. */
export interface AppParts {
  /** Routers mounted under `/api`. */
  api: Array<RouterDefinition | ControllerClass>;
  /** Routers mounted under `/web`. */
  web?: Array<RouterDefinition | ControllerClass>;
  /** Routers mounted at the root (`/default/fixtures/`). */
  root?: Array<RouterDefinition | ControllerClass>;
  /** Middleware run after the request context and before the routes (authentication). */
  middleware?: express.RequestHandler[];
  info?: Partial<OpenApiInfo>;
  container?: DependencyContainer;
  /** Websocket endpoints served on the same HTTP server (apps' `web` modules export them as `upgrades`). */
  upgrades?: UpgradeRoute[];
}

/** The Express app and its route table (names → paths). */
export interface KitApp {
  app: Express;
  routes: RouteTable;
  /** The OpenAPI document, generated on first access. */
  readonly openapi: object;
  /** The websocket endpoints: `httpServer(kit)` routes upgrade requests to them; close them on shutdown. */
  upgrades: UpgradeRoute[];
}

/** An HTTP server for the app that also serves its websocket endpoints (call `listen` on it). */
export function httpServer(kit: KitApp): Server {
  const server = createServer(appClasses(kit.app), kit.app);
  attachUpgrades(server, kit.upgrades);
  return server;
}

/**
 * Request and response classes that already have the app's prototypes (Express's `req` and `res` methods), so the
 * server makes them as Express wants them. Express, and the front door, otherwise change the prototype of both
 * objects on every request, and V8 then gives each object a new hidden class: in a heap profile of POST that was
 * the largest allocation in the kit's code.
 */
function appClasses(app: Express): { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse } {
  const { request, response } = app as unknown as { request: object; response: object };
  class AppRequest extends IncomingMessage {}
  Object.setPrototypeOf(AppRequest.prototype, request);
  class AppResponse extends ServerResponse {}
  Object.setPrototypeOf(AppResponse.prototype, response);
  return { IncomingMessage: AppRequest, ServerResponse: AppResponse as typeof ServerResponse };
}

const REDOC_HTML = (title: string) => `<!doctype html><html><head><title>${title} - ReDoc</title><meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<redoc spec-url="/openapi.json"></redoc><script src="/redoc/redoc.standalone.js"></script></body></html>`;

/** Paths Express serves from the start (statics and the docs, mounted in it alone): the front door leaves them. */
const EXPRESS_ONLY = /^\/(?:static|docs|redoc|openapi\.json|metrics)(?:\/|$)/i;

/** ReDoc's browser bundle, from the pinned `redoc` package: the docs work offline (no CDN). */
const REDOC_BUNDLE = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');

/**
 * Swagger UI at /docs, loaded on its first request: swagger-ui-express and its bundle are a noticeable part of
 * the start-up time, and most processes (workers behind a proxy, tests) never serve the docs.
 */
function lazyDocs(openapi: () => object, title: string): express.RequestHandler {
  let docs: Promise<ExpressRouter> | undefined;
  return (req, res, next) => {
    docs ??= import('swagger-ui-express').then(({ default: swaggerUi }) => express.Router().use(swaggerUi.serve, swaggerUi.setup(openapi(), { customSiteTitle: title })));
    docs.then((router) => router(req, res, next), next);
  };
}

/**
 * Builds the Express app, in this order: helmet and cors, body parsers with size limits, the database
 * request context, logging and metrics, extra middleware (authentication), routes (then 405 for a method a path lacks), then one error handler.
 */
export function buildApp(parts: AppParts): KitApp {
  const settings = getSettings();
  const app = express();
  const table = new RouteTable();
  const container = parts.container ?? rootContainer;
  const trust = /^\d+$/.test(settings.TRUST_PROXY) ? Number(settings.TRUST_PROXY) : settings.TRUST_PROXY === 'true' ? true : settings.TRUST_PROXY;
  app.set('trust proxy', trust);
  app.disable('x-powered-by');
  lazyCookies(app.request);

  // The global middleware run as two pipelines (one Express layer each, see pipeline.ts), around the statics.
  const before: express.RequestHandler[] = [
    // Referrer-Policy same-origin, not helmet's no-referrer: under no-referrer Chromium sends `Origin: null` with
    // every form post, which the CSRF Origin check must refuse. same-origin still sends nothing to other sites.
    securityHeaders({ referrerPolicy: { policy: 'same-origin' } }),
  ];
  if (settings.CORS_ALLOWED_ORIGINS.length > 0) {
    before.push(cors({
      origin: settings.CORS_ALLOWED_ORIGINS.includes('*') ? true : settings.CORS_ALLOWED_ORIGINS,
      methods: settings.CORS_ALLOWED_METHODS,
      allowedHeaders: settings.CORS_ALLOWED_HEADERS.includes('*') ? undefined : settings.CORS_ALLOWED_HEADERS,
      credentials: true,
    }));
  }
  const middle: express.RequestHandler[] = [
    // Not strict: `null`, `42` or `"text"` is valid JSON, so a route expecting an object answers 422 naming the body, not 400.
    express.json({ limit: settings.BODY_LIMIT, strict: false }),
    express.urlencoded({ extended: false, limit: settings.BODY_LIMIT, parameterLimit: 1000 }),
    databaseContext,
    accessLog(getLogger()),
    metricsMiddleware,
    ...(parts.middleware ?? []),
    // After authentication (it sets the request's session): /web needs a session, unsafe cookie requests a CSRF token.
    sessionRequired(() => (table.get('session-login') ? table.urlFor('session-login') : undefined)),
    csrfMiddleware,
  ];
  // An error of the front door's chain (see front-door.ts) goes on to the error handlers below.
  app.use(pendingError);
  app.use(unlessPassed(pipeline(before)));
  // Static files need no body, cookies or database: served first (send: ETag, ranges, no traversal).
  app.use('/static', staticsMiddleware());
  app.use(unlessPassed(pipeline(middle)));
  app.locals.routes = table;

  const routes = [
    ...collectRoutes(RootController, ''),
    ...collectRoutes(DefaultController, ''),
    ...(parts.root ?? []).flatMap((node) => collectRoutes(node, '')),
    ...parts.api.flatMap((node) => collectRoutes(node, '/api')),
    ...(parts.web ?? []).flatMap((node) => collectRoutes(node, '/web')),
  ];
  const router = routeIndex(mountRoutes(routes, container, table));
  // Reached only by requests no route answered: a path that exists with other methods is a 405.
  const otherMethods: ExpressRouter = express.Router();
  methodNotAllowed(otherMethods, routes);

  const info: OpenApiInfo = { title: 'ts-getstarted API', version: '0.1.0', ...parts.info };
  // The OpenAPI document is generated when first asked for (/openapi.json, /docs, `kit.openapi`), not at start.
  let openapi: object | undefined;
  const document = () => (openapi ??= buildOpenApi(routes.filter((r) => r.path.startsWith('/api') || r.path.startsWith('/default')), info));
  app.get('/openapi.json', (_req, res) => { res.json(document()); });
  app.use('/docs', lazyDocs(document, info.title));
  app.get('/redoc/redoc.standalone.js', (_req, res) => {
    res.sendFile(REDOC_BUNDLE, { maxAge: '1d' });
  });
  app.get('/redoc', (_req, res) => {
    // ReDoc styles its page inline and parses the document in a blob worker: allow those on this page only.
    res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src blob:");
    res.type('html').send(REDOC_HTML(info.title));
  });
  app.get('/metrics', metricsEndpoint);
  app.use(unlessPassed(router));
  app.use(otherMethods);
  app.use(notFoundHandler);
  app.use(webErrorPages(toClientError));
  app.use(errorHandler);
  openFrontDoor(app, pipeline([...before, ...middle, router]), (path) => !EXPRESS_ONLY.test(path));
  return {
    app,
    routes: table,
    get openapi() {
      return document();
    },
    upgrades: parts.upgrades ?? [],
  };
}
