import { injectable } from 'tsyringe';
import type { z } from 'zod';
import type { Dependency } from './dependency.js';
import { currentUser, type AuthUser } from './current-user.js';
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
/** The type of parameter `I` of method `K` of `T` (unknown when it cannot be told: a constructor). */
type ParamAt<T, K, I> = K extends keyof T ? (T[K] extends (...args: infer A) => unknown ? (I extends keyof A ? A[I] : unknown) : unknown) : unknown;

/**
 * A parameter decorator that only fits a parameter whose type accepts `V`: TypeScript passes the parameter's
 * position as a literal, so `@Depends(getPost) post: User` does not compile.
 */
type ValueDecorator<V> = <T extends object, K extends string | symbol | undefined, I extends number>(
  target: T,
  method: K,
  index: I & ([V] extends [ParamAt<T, K, I>] ? I : never),
) => void;

/** The value of a dependency, resolved once per request; the parameter's type must accept it. */
export const Depends = <T>(dependency: Dependency<T>): ValueDecorator<T> => (target, method, index) =>
  addParam(target, String(method), index, { kind: 'depends', dependency: dependency as Dependency<unknown> });
/**
 * The authenticated user (401 when there is none): the project's user model once an app names it in `KitTypes`,
 * so `@CurrentUser() user: User` is checked.
 */
export const CurrentUser = (): ValueDecorator<AuthUser> => (target, method, index) =>
  addParam(target, String(method), index, { kind: 'depends', dependency: currentUser as Dependency<unknown> });
