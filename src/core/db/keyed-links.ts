import type { EntityMetadata, EntityProperty, FilterQuery, MetadataStorage } from '@mikro-orm/core';
import { currentEm, getOrm } from './context.js';
import type { BaseTable } from './base-table.js';
import type { AnyModelClass } from './plan.js';
import { mikroOrm } from './mikro-orm.js';

const { raw } = mikroOrm;

type Ctor<T> = new () => T;

/** Declaration of a link table whose target side is a non-id column (the original's permission links by name). */
export interface KeyedLinksOptions {
  /** The link entity: two primary ManyToOnes; a keyed one has `referencedColumnNames: [key]`. */
  link: Ctor<object>;
  /** The link's property pointing at the owner (`user`); the owner model and its key come from its metadata. */
  ownerProperty: string;
  /** The link's property pointing at the target (`permission`); the target model and its key likewise. */
  targetProperty: string;
  /** The name fixtures use on the owner for this link (`permissions: [can_view_stats]`). */
  fixtureProperty?: string;
}

/** What the link's metadata says about one side of it. */
export interface LinkSide {
  /** The model on that side (`User`). */
  model: Ctor<BaseTable>;
  /** Its table (`users`). */
  table: string;
  /** The link table's column for that side (`user_id`, `permission_name`). */
  column: string;
  /** The property of the model that column holds (`id`, `name`) and its column (`id`, `name`). */
  keyProperty: string;
  keyColumn: string;
}

/** The link table and both of its sides, read from the ORM's metadata. */
export interface LinkColumns {
  table: string;
  owner: LinkSide;
  target: LinkSide;
}

const declared: Array<KeyedLinks<BaseTable, BaseTable>> = [];

/** The keyed link declared for `fixtureProperty` on an owner model (or on one of its parents); needs the ORM. */
export function keyedLinkFor(owner: AnyModelClass, property: string): KeyedLinks<BaseTable, BaseTable> | undefined {
  return declared.find((links) => {
    if (links.fixtureProperty !== property) return false;
    const model = links.columnsInfo().owner.model;
    return owner === model || owner.prototype instanceof model;
  });
}

/** One side of a link entity, from its ManyToOne's metadata. */
function side(metadata: MetadataStorage, link: EntityMetadata, property: string): LinkSide {
  const prop = (link.properties as Record<string, EntityProperty | undefined>)[property];
  if (!prop?.targetMeta && !prop?.type) throw new Error(`KeyedLinks ${link.className}: no relation named '${property}'.`);
  const model = (prop.targetMeta ?? metadata.find(prop.type)) as EntityMetadata | undefined;
  if (!model) throw new Error(`KeyedLinks ${link.className}.${property}: unknown model '${prop.type}'.`);
  const keyColumn = prop.referencedColumnNames?.[0] ?? model.primaryKeys[0]!;
  const key = Object.values(model.properties as Record<string, EntityProperty>).find((p) => p.fieldNames?.[0] === keyColumn);
  if (!key) throw new Error(`KeyedLinks ${link.className}.${property}: ${model.className} has no column '${keyColumn}'.`);
  return { model: model.class as Ctor<BaseTable>, table: model.tableName, column: prop.fieldNames[0]!, keyProperty: key.name, keyColumn };
}

/**
 * A many-to-many whose link table stores the target's natural key (e.g. `permission_name`) instead of its id,
 * so rows link by name as in the original. MikroORM 6 creates the table and its foreign keys from the link
 * entity but writes ids into such columns, so this class does the reads and writes itself, on the current
 * context (one statement each; inside the request's or test's transaction). Both models, their keys and every
 * column come from the link entity's metadata, so the link can be declared before the models it joins load.
 * @example export const userPermissions = new KeyedLinks<User, Permission>({ link: PermissionUserLink, ownerProperty: 'user', targetProperty: 'permission' });
 * await userPermissions.add(user, [permission]); await userPermissions.list(user);
 */
export class KeyedLinks<O extends BaseTable, T extends BaseTable> {
  private columns?: LinkColumns;

  constructor(private readonly options: KeyedLinksOptions) {
    if (options.fixtureProperty) declared.push(this);
  }

  /** The name fixtures use on the owner for this link, if any. */
  get fixtureProperty(): string | undefined {
    return this.options.fixtureProperty;
  }

  /** The target model (for fixtures resolving names). */
  get targetModel(): Ctor<T> {
    return this.columnsInfo().target.model as Ctor<T>;
  }

  /** The target's key property (for fixtures resolving names). */
  get targetKey(): string {
    return this.columnsInfo().target.keyProperty;
  }

  /** The link table's name and both sides (for queries that join it), from the ORM's metadata. */
  columnsInfo(): Readonly<LinkColumns> {
    if (this.columns) return this.columns;
    const metadata = getOrm().getMetadata();
    const link = metadata.find(this.options.link.name);
    if (!link) throw new Error(`KeyedLinks: ${this.options.link.name} is not a model the ORM knows.`);
    return (this.columns = {
      table: link.tableName,
      owner: side(metadata, link, this.options.ownerProperty),
      target: side(metadata, link, this.options.targetProperty),
    });
  }

  private keyOf(target: T): unknown {
    return (target as Record<string, unknown>)[this.columnsInfo().target.keyProperty];
  }

  private ownerKeyOf(owner: O): unknown {
    return (owner as Record<string, unknown>)[this.columnsInfo().owner.keyProperty];
  }

  /** Links `targets` to `owner`; links that already exist are kept. */
  async add(owner: O, targets: readonly T[]): Promise<void> {
    if (targets.length === 0) return;
    const { table, owner: o, target: t } = this.columnsInfo();
    const values = targets.map(() => '(?, ?)').join(', ');
    const params = targets.flatMap((target) => [this.ownerKeyOf(owner), this.keyOf(target)]);
    await currentEm().execute(`insert into "${table}" ("${o.column}", "${t.column}") values ${values} on conflict do nothing`, params);
  }

  /** Unlinks `targets` from `owner`. */
  async remove(owner: O, targets: readonly T[]): Promise<void> {
    if (targets.length === 0) return;
    const { table, owner: o, target: t } = this.columnsInfo();
    const keys = targets.map((target) => this.keyOf(target));
    await currentEm().execute(`delete from "${table}" where "${o.column}" = ? and "${t.column}" in (${keys.map(() => '?').join(', ')})`, [this.ownerKeyOf(owner), ...keys]);
  }

  /** The targets linked to `owner`, ordered by id (one query). */
  async list(owner: O): Promise<T[]> {
    const { table, owner: o, target: t } = this.columnsInfo();
    const where = { [raw((alias) => `${alias}."${t.keyColumn}" in (select "${t.column}" from "${table}" where "${o.column}" = ?)`, [this.ownerKeyOf(owner)])]: [] };
    return currentEm().find(t.model as Ctor<T>, where as FilterQuery<T>, { orderBy: { id: 'asc' } as never });
  }

  /** The owners linked to `target`, ordered by id (one query). */
  async owners(target: T): Promise<O[]> {
    const { table, owner: o, target: t } = this.columnsInfo();
    const where = { [raw((alias) => `${alias}."${o.keyColumn}" in (select "${o.column}" from "${table}" where "${t.column}" = ?)`, [this.keyOf(target)])]: [] };
    return currentEm().find(o.model as Ctor<O>, where as FilterQuery<O>, { orderBy: { id: 'asc' } as never });
  }

  /** Links `owners` to `target` (the reverse direction: users into a group). */
  async addOwners(target: T, owners: readonly O[]): Promise<void> {
    for (const owner of owners) await this.add(owner, [target]);
  }

  /** Unlinks `owners` from `target`. */
  async removeOwners(target: T, owners: readonly O[]): Promise<void> {
    if (owners.length === 0) return;
    const { table, owner: o, target: t } = this.columnsInfo();
    const keys = owners.map((owner) => this.ownerKeyOf(owner));
    await currentEm().execute(`delete from "${table}" where "${t.column}" = ? and "${o.column}" in (${keys.map(() => '?').join(', ')})`, [this.keyOf(target), ...keys]);
  }

  /** The keys (names) linked to `owner` (one query, no entities). */
  async keys(owner: O): Promise<string[]> {
    const { table, owner: o, target: t } = this.columnsInfo();
    const rows = await currentEm().execute<Array<{ key: string }>>(`select "${t.column}" as key from "${table}" where "${o.column}" = ?`, [this.ownerKeyOf(owner)]);
    return rows.map((r) => r.key);
  }
}
