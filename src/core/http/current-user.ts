import { Unauthorized } from '../errors/index.js';
import { resolveOptional, token } from '../di/index.js';
import { dependency, type Dependency, type RequestContext } from './dependency.js';

/**
 * The project's types, filled by declaration merging: the app that owns the user model names it here, which
 * types `currentUser`, `optionalUser` and checks `@CurrentUser() user: User` parameters.
 * @example declare module '../../../core/http/index.js' { interface KitTypes { user: User } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the apps (declaration merging)
export interface KitTypes {}

/** The user model of the project (`KitTypes['user']`), or the least every user has before an app names it. */
export type AuthUser = KitTypes extends { user: infer U } ? U : { id: number };

/** How the project finds the user of a request; the authentication app provides it. */
export interface CurrentUserSource {
  /** The request's user, or undefined (no credentials, or refused ones). */
  find(ctx: RequestContext): AuthUser | undefined | Promise<AuthUser | undefined>;
  /**
   * The 401 detail when `find` gives none ("Not authenticated", "Your session has expired."…); it throws instead
   * when the credentials could not be checked (a 503 for a database outage).
   */
  refusal(ctx: RequestContext): string;
}

/** The token of the `CurrentUserSource`: `provide(CurrentUserSource, { useValue: … })` in an app's `providers`. */
export const CurrentUserSource = token<CurrentUserSource>('CurrentUserSource');

/**
 * The authenticated user: 401 with the source's reason when there is none (or no source is installed).
 * `@CurrentUser()` resolves it; one dependency object, so it runs once per request whoever asks.
 * @example const user = await ctx.resolve(currentUser);
 */
export const currentUser: Dependency<AuthUser> = dependency(
  (ctx) => {
    const source = resolveOptional(CurrentUserSource);
    const required = (user: AuthUser | undefined): AuthUser => {
      if (user === undefined) throw new Unauthorized(source?.refusal(ctx) ?? 'Not authenticated');
      return user;
    };
    // Synchronous when the source is (the bearer user is set before the route runs): no promise to wait for.
    const found = source?.find(ctx);
    return found instanceof Promise ? found.then(required) : required(found);
  },
  {
    name: 'currentUser',
    bearer: true,
    responses: { 401: 'Not authenticated, or the token is invalid or expired', 503: 'The token could not be checked: the database is not reachable' },
  },
);

/** The request's user, or undefined for an anonymous caller (routes that behave differently for admins). */
export const optionalUser: Dependency<AuthUser | undefined> = dependency(
  (ctx) => resolveOptional(CurrentUserSource)?.find(ctx),
  { name: 'optionalUser' },
);
