/** Typed tsyringe tokens and the providers apps contribute for them (e.g. how `@CurrentUser()` finds the user). */
export { token, provide, registerProviders, resolveOptional, resolveToken, isProvider, type Token, type Provider, type Provision } from './tokens.js';
export { container, injectable, singleton } from 'tsyringe';
