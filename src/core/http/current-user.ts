import { Unauthorized } from '../errors/index.js';
import { dependency, type Dependency, type RequestContext } from './dependency.js';

let provider: ((ctx: RequestContext) => unknown) | undefined;

/**
 * The `@CurrentUser()` dependency. Until an authentication app calls `provideCurrentUser`, it answers 401.
 * It is one dependency object, so it is resolved once per request whoever asks for it.
 */
export const currentUserDependency: Dependency<unknown> = dependency(
  (ctx) => {
    if (!provider) throw new Unauthorized('Not authenticated');
    return provider(ctx);
  },
  { name: 'currentUser', bearer: true, responses: { 401: 'Not authenticated' } },
);

/** Installs how the current user is found (the authentication app does this). */
export function provideCurrentUser(fn: (ctx: RequestContext) => unknown): void {
  provider = fn;
}
