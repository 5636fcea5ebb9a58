import { container, type DependencyContainer } from 'tsyringe';

/** Builds instances of a class token: a constructor taking no required argument. */
type Constructor<T> = new () => T;

/**
 * A tsyringe injection token that carries the type it resolves to, so registering a value of the wrong shape,
 * or using what it resolves, is type-checked. At run time it is a plain symbol.
 */
export type Token<T> = symbol & { readonly __resolves?: T };

/**
 * Declares a typed token.
 * @example export const Clock = token<() => Date>('Clock');
 */
export function token<T>(description: string): Token<T> {
  return Symbol(description) as Token<T>;
}

/** How a token gets its value: a value, a factory (run once, on first use), or a class (one instance). */
export type Provision<T> = { useValue: T } | { useFactory: (container: DependencyContainer) => T } | { useClass: Constructor<T> };

/** A registration of one token, made by `provide` and applied by `registerProviders` (apps export them). */
export interface Provider {
  /** The token it provides. */
  readonly token: symbol;
  /** Registers it in a container. */
  register(into: DependencyContainer): void;
}

/**
 * A provider of `token`: apps export a list of them from their `providers` module (or `testing`, for test
 * helpers), and app discovery registers them in the container before anything resolves the token.
 * @example export const providers = [provide(CurrentUserSource, { useValue: bearerUserSource })];
 */
export function provide<T>(token: Token<T>, how: Provision<T>): Provider {
  return {
    token,
    register(into) {
      if ('useValue' in how) into.register<T>(token, { useValue: how.useValue });
      else if ('useClass' in how) into.registerSingleton<T>(token, how.useClass);
      else {
        let made: { value: T } | undefined;
        into.register<T>(token, { useFactory: (c) => (made ??= { value: how.useFactory(c) }).value });
      }
    },
  };
}

/** Registers providers in the container (the last one registered for a token wins). */
export function registerProviders(providers: readonly Provider[], into: DependencyContainer = container): void {
  for (const provider of providers) provider.register(into);
}

/** What `token` resolves to, or undefined when nothing provides it. */
export function resolveOptional<T>(token: Token<T>, from: DependencyContainer = container): T | undefined {
  return from.isRegistered(token, true) ? from.resolve<T>(token) : undefined;
}

/** What `token` resolves to; `missing` explains the error when nothing provides it. */
export function resolveToken<T>(token: Token<T>, missing: string, from: DependencyContainer = container): T {
  const value = resolveOptional(token, from);
  if (value === undefined) throw new Error(missing);
  return value;
}

/** True when `value` is a provider made by `provide` (app discovery picks them from a module's exports). */
export function isProvider(value: unknown): value is Provider {
  return typeof value === 'object' && value !== null && typeof (value as Provider).token === 'symbol' && typeof (value as Provider).register === 'function';
}
