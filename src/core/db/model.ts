import type { AnyModelClass } from './plan.js';
import { mikroOrm } from './mikro-orm.js';

const { Entity } = mikroOrm;

/** Options of `@Model`. */
export interface ModelOptions {
  /** Table name; default: the class name in snake_case (`PostStatistic` → `post_statistic`). */
  tableName?: string;
  /** The app the model belongs to (`user` in `user.User`); set by app discovery when omitted. */
  app?: string;
  /** Field that identifies a row in fixtures (`{ author: d.john }`, `permissions: [can_view_stats]`); default: the first unique field. */
  naturalKey?: string;
}

interface Registered {
  ctor: AnyModelClass;
  options: ModelOptions;
}

const registry: Registered[] = [];

/**
 * Declares a table: the class becomes a MikroORM entity and a model of the kit (fixtures name it `app.Class`).
 * @example @Model() export class Post extends BaseTable { … }
 */
export function Model(options: ModelOptions = {}) {
  return (target: AnyModelClass): void => {
    Entity(options.tableName ? { tableName: options.tableName } : {})(target as unknown as new () => object);
    const existing = registry.find((r) => r.ctor === target);
    if (existing) existing.options = { ...existing.options, ...options };
    else registry.push({ ctor: target, options: { ...options } });
  };
}

/** Every class declared with `@Model`, in declaration order. */
export function registeredModels(): AnyModelClass[] {
  return registry.map((r) => r.ctor);
}

/** Records which app a model belongs to (app discovery calls it for the models an app exports). */
export function assignApp(ctor: AnyModelClass, app: string): void {
  const found = registry.find((r) => r.ctor === ctor);
  if (found && !found.options.app) found.options.app = app;
}

/** The `@Model` options of a class. */
export function modelOptions(ctor: AnyModelClass): ModelOptions {
  return registry.find((r) => r.ctor === ctor)?.options ?? {};
}

/** Finds a model by its fixture name `app.Class` (or by `Class` alone when only one app has it). */
export function findModel(name: string): AnyModelClass | undefined {
  const [app, cls] = name.includes('.') ? name.split('.', 2) : [undefined, name];
  const matches = registry.filter((r) => r.ctor.name === cls && (app === undefined || r.options.app === app));
  return matches.length === 1 ? matches[0]!.ctor : undefined;
}

/** Every model's fixture name, for error messages. */
export function modelNames(): string[] {
  return registry.map((r) => (r.options.app ? `${r.options.app}.${r.ctor.name}` : r.ctor.name));
}
