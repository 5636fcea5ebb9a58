import type { Request, Response } from 'express';
import { csrfToken, requestSession } from '../web/index.js';
import type { RequestContext } from '../http/dependency.js';
import type { RouteTable } from '../http/route-table.js';
import { templateEnvironment } from './environment.js';

/** Renders a template to a string, with the request's globals (`request`, `user`, `csrf_token`, `url_for`). */
export function renderToString(req: Request, res: Response, name: string, context: Record<string, unknown> = {}): string {
  const { env, loader } = templateEnvironment();
  loader.refresh();
  const routes = req.app.locals.routes as RouteTable | undefined;
  const path = (name: string) => (routes?.get(name) ? routes.urlFor(name) : undefined);
  const full = {
    // Where the layout links: the start page, login and logout, when the project has those routes.
    kit: { home: path('web-home') ?? '/', login: path('session-login'), logout: path('session-logout') },
    request: { path: req.path, url: req.originalUrl, query: req.query },
    user: requestSession(req)?.user ?? null,
    csrf_token: csrfToken(req, res),
    ...context,
    __routes: routes,
  };
  return env.render(name, full);
}

/** Renders a template as the response (HTML, `status`); the CSRF cookie is set and the token is in the context. */
export function renderPage(req: Request, res: Response, name: string, context: Record<string, unknown> = {}, status = 200): void {
  const html = renderToString(req, res, name, context);
  res.status(status).type('html').setHeader('Cache-Control', 'no-store');
  res.send(html);
}

/**
 * Renders a template as a web handler's response, as the original's `render(request, name, context, status)`.
 * @example
 * @route.get('/', { name: 'web-home' })
 * home(@Ctx() ctx: RequestContext) { return render(ctx, 'blog/home.html', { posts }); }
 */
export function render(ctx: Pick<RequestContext, 'req' | 'res'>, name: string, context: Record<string, unknown> = {}, status = 200): void {
  renderPage(ctx.req, ctx.res, name, context, status);
}
