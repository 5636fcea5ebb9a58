import { injectable } from 'tsyringe';
import type { z } from 'zod';
import type { Dependency } from './dependency.js';
import { currentUserDependency } from './current-user.js';
import { addParam, addRoute, defineController, type HttpMethod, type RouteOptions } from './metadata.js';

type Ctor = abstract new (...args: never[]) => object;

/**
 * Declares a class of routes under `prefix`. It is built by the tsyringe container, so constructor parameters
 * are injected (mark services `@injectable()` or `@singleton()`). One instance serves every request.
 * @example @Controller('/posts') export class PostsController { constructor(private readonly stats: StatsService) {} }
 */
export function Controller(prefix = '', options: { tags?: string[] } = {}) {
  return (target: Ctor): void => {
    injectable()(target as unknown as new (...args: never[]) => object);
    defineController(target, prefix, options.tags ?? []);
  };
}

function routeDecorator(method: HttpMethod) {
  return (path = '/', options: RouteOptions = {}) =>
    (target: object, handler: string | symbol, descriptor: PropertyDescriptor): PropertyDescriptor => {
      addRoute(target.constructor, { method, path, handler: String(handler), options });
      return descriptor;
    };
}

/**
 * Route decorators, lower case like FastAPI's `@router.get` (this also keeps `route.post` apart from a model named Post).
 * @example @route.post('/', { status: 201 }) create(@Body(PostCreate) data: PostCreate) { return Post.create(data).save(); }
 */
export const route = {
  get: routeDecorator('get'),
  post: routeDecorator('post'),
  put: routeDecorator('put'),
  patch: routeDecorator('patch'),
  delete: routeDecorator('delete'),
};

type ParameterDecorator = (target: object, method: string | symbol | undefined, index: number) => void;
const param = (make: () => Parameters<typeof addParam>[3]): ParameterDecorator => (target, method, index) => addParam(target, String(method), index, make());

/** The JSON body, validated by `schema` (422 on failure). */
export const Body = (schema: z.ZodType): ParameterDecorator => param(() => ({ kind: 'body', schema }));
/** The form body (`application/x-www-form-urlencoded`), validated by `schema`. */
export const Form = (schema: z.ZodType): ParameterDecorator => param(() => ({ kind: 'form', schema }));
/** The query string as an object, validated (and coerced) by `schema`. */
export const Query = (schema: z.ZodType): ParameterDecorator => param(() => ({ kind: 'query', schema }));
/** A path parameter, validated by `schema` when given (use `z.coerce.number()` for ids). */
export const Param = (name: string, schema?: z.ZodType): ParameterDecorator => param(() => ({ kind: 'param', name, schema }));
/** The Express request. */
export const Req = (): ParameterDecorator => param(() => ({ kind: 'req' }));
/** The Express response (for headers and cookies; the handler's return value is still the body). */
export const Res = (): ParameterDecorator => param(() => ({ kind: 'res' }));
/** The value of a dependency, resolved once per request. */
export const Depends = <T>(dependency: Dependency<T>): ParameterDecorator => param(() => ({ kind: 'depends', dependency: dependency as Dependency<unknown> }));
/** The authenticated user (401 when there is none); the authentication app provides the dependency. */
export const CurrentUser = (): ParameterDecorator => param(() => ({ kind: 'depends', dependency: currentUserDependency as Dependency<unknown> }));
