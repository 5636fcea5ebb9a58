import type { Request, Response } from 'express';
import { Controller, Req, Res, route } from '../../../core/http/index.js';
import { describeDatabaseError } from '../../../core/db/index.js';
import { render } from '../../../core/templating/index.js';
import { requestSession, safeRedirectTarget } from '../../../core/web/index.js';
import { getSettings } from '../../../settings/index.js';
import { User } from '../../user/models/index.js';
import { checkCredentials } from './credentials.js';
import { fieldErrors, keptValues, LoginPageForm, RegisterPageForm } from './forms.js';
import { endSession, startSession } from './sessions.js';

/** Where to go after login: the `referer` (query or form field) when it is a path on this site. */
function nextPage(req: Request): string {
  const body = req.body as Record<string, unknown> | undefined;
  return safeRedirectTarget(req.query.referer ?? body?.referer, getSettings().LOGIN_REDIRECT_URL);
}

/** The referer to carry through the login form, only when it is safe (an unsafe one is dropped, not echoed). */
function carriedReferer(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const target = safeRedirectTarget(req.query.referer ?? body?.referer, '');
  return target || undefined;
}

/** The login, register and logout pages, mounted at /web/auth. */
@Controller('/auth', { tags: ['Web'] })
export class WebAuthController {
  /** The login form; a visitor already signed in goes on to the start page. */
  @route.get('/session/', { name: 'session-login' })
  loginPage(@Req() req: Request, @Res() res: Response) {
    if (requestSession(req)) return res.redirect(302, nextPage(req));
    render({ req, res }, 'authentication/login.html', { title: 'Log in', values: {}, errors: {}, referer: carriedReferer(req) });
  }

  /** Checks the credentials (throttled as the API), starts a session with a new id, and redirects to the safe referer. */
  @route.post('/session/', { name: 'session-login' })
  async login(@Req() req: Request, @Res() res: Response) {
    const page = (status: number, context: Record<string, unknown>) =>
      render({ req, res }, 'authentication/login.html', { title: 'Log in', values: keptValues(req.body), errors: {}, referer: carriedReferer(req), ...context }, status);
    const parsed = LoginPageForm.safeParse(req.body ?? {});
    if (!parsed.success) return page(422, { errors: fieldErrors(parsed.error) });
    const outcome = await checkCredentials(parsed.data.username, parsed.data.password, req.ip ?? 'unknown');
    if ('error' in outcome) {
      if (outcome.retryAfter !== undefined) res.setHeader('Retry-After', String(outcome.retryAfter));
      return page(outcome.status, { form_error: outcome.error });
    }
    await startSession(req, res, outcome.user);
    res.redirect(302, nextPage(req));
  }

  /** The register form. */
  @route.get('/session/register/', { name: 'session-register' })
  registerPage(@Req() req: Request, @Res() res: Response) {
    if (requestSession(req)) return res.redirect(302, getSettings().LOGIN_REDIRECT_URL);
    render({ req, res }, 'authentication/register.html', { title: 'Create an account', values: {}, errors: {} });
  }

  /** Creates the user with the model's rules (the form's fields are these: the original's form never matched its handler), signs them in, redirects. */
  @route.post('/session/register/', { name: 'session-register' })
  async register(@Req() req: Request, @Res() res: Response) {
    const page = (status: number, errors: Record<string, string>) =>
      render({ req, res }, 'authentication/register.html', { title: 'Create an account', values: keptValues(req.body), errors }, status);
    const parsed = RegisterPageForm.safeParse(req.body ?? {});
    if (!parsed.success) return page(422, fieldErrors(parsed.error));
    const data = parsed.data;
    if (await User.get({ username: data.username })) return page(409, { username: 'That username is taken. Choose another one.' });
    if (data.email && (await User.get({ email: data.email }))) return page(409, { email: 'An account with this email exists. Log in instead.' });
    let user: User;
    try {
      user = await User.create(data).save();
    } catch (error) {
      // Two registrations racing for one name: the unique index decides, the page says so.
      const described = describeDatabaseError(error);
      if (described?.kind !== 'unique') throw error;
      return page(409, /email/.test(described.message) ? { email: 'An account with this email exists. Log in instead.' } : { username: 'That username is taken. Choose another one.' });
    }
    await startSession(req, res, user);
    res.redirect(302, getSettings().LOGIN_REDIRECT_URL);
  }

  /** Ends the session (its server row is deleted, the cookie expired) and goes to the login page. */
  @route.post('/logout/', { name: 'session-logout' })
  async logout(@Req() req: Request, @Res() res: Response) {
    await endSession(req, res);
    res.redirect(302, '/web/auth/session/');
  }
}

/** The start page of /web for a signed-in user (the session guard sends everyone else to log in). */
@Controller('', { tags: ['Web'] })
export class WebHomeController {
  @route.get('/', { name: 'web-home' })
  home(@Req() req: Request, @Res() res: Response) {
    render({ req, res }, 'authentication/home.html', { title: 'Start' });
  }
}
