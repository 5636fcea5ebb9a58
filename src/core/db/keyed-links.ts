import { raw, type EntityMetadata, type FilterQuery } from '@mikro-orm/core';
import { currentEm, getOrm } from './context.js';
import type { BaseTable } from './base-table.js';

type Ctor<T> = new () => T;

/** Declaration of a link table whose target side is a non-id column (the original's permission links by name). */
export interface KeyedLinksOptions<O extends BaseTable, T extends BaseTable> {
  /** The link entity: two primary ManyToOnes; the target one with `referencedColumnNames: [targetKey]`. */
  link: Ctor<object>;
  /** The owner model (`User`) and the link's property pointing at it (`user`). */
  owner: () => Ctor<O>;
  ownerProperty: string;
  /** The owner's column the link stores (default `id`; `name` for a group's permission links). */
  ownerKey?: keyof O & string;
  /** The target model (`Permission`), the link's property pointing at it (`permission`), and its key (`name`). */
  target: () => Ctor<T>;
  targetProperty: string;
  targetKey: keyof T & string;
  /** The name fixtures use on the owner for this link (`permissions: [can_view_stats]`). */
  fixtureProperty?: string;
}

interface Columns {
  table: string;
  ownerColumn: string;
  ownerKeyColumn: string;
  targetColumn: string;
  targetKeyColumn: string;
}

const byFixtureProperty = new Map<Function, Map<string, KeyedLinks<BaseTable, BaseTable>>>();

/** The keyed link declared for `fixtureProperty` on an owner model (or on one of its parents). */
export function keyedLinkFor(owner: Function, property: string): KeyedLinks<BaseTable, BaseTable> | undefined {
  for (const [ctor, links] of byFixtureProperty) if (owner === ctor || owner.prototype instanceof ctor) {
    const found = links.get(property);
    if (found) return found;
  }
  return undefined;
}

/**
 * A many-to-many whose link table stores the target's natural key (e.g. `permission_name`) instead of its id,
 * so rows link by name as in the original. MikroORM 6 creates the table and its foreign keys from the link
 * entity but writes ids into such columns, so this class does the reads and writes itself, on the current
 * context (one statement each; inside the request's or test's transaction).
 * @example export const userPermissions = new KeyedLinks({ link: PermissionUserLink, owner: () => User, ownerProperty: 'user', target: () => Permission, targetProperty: 'permission', targetKey: 'name' });
 * await userPermissions.add(user, [permission]); await userPermissions.list(user);
 */
export class KeyedLinks<O extends BaseTable, T extends BaseTable> {
  private columns?: Columns;

  constructor(private readonly options: KeyedLinksOptions<O, T>) {
    if (options.fixtureProperty) queueMicrotask(() => this.registerFixtureProperty());
  }

  private registerFixtureProperty(): void {
    const owner = this.options.owner();
    const links = byFixtureProperty.get(owner) ?? new Map();
    links.set(this.options.fixtureProperty!, this as unknown as KeyedLinks<BaseTable, BaseTable>);
    byFixtureProperty.set(owner, links);
  }

  /** The target model (for fixtures resolving names). */
  get targetModel(): Ctor<T> {
    return this.options.target();
  }

  /** The target's key field (for fixtures resolving names). */
  get targetKey(): string {
    return this.options.targetKey;
  }

  private cols(): Columns {
    if (this.columns) return this.columns;
    const metadata = getOrm().getMetadata();
    const link = metadata.get(this.options.link.name) as EntityMetadata;
    const target = metadata.get(this.options.target().name) as EntityMetadata;
    const props = (meta: EntityMetadata) => meta.properties as Record<string, { fieldNames: string[] } | undefined>;
    const ownerProp = props(link)[this.options.ownerProperty];
    const targetProp = props(link)[this.options.targetProperty];
    const keyProp = props(target)[this.options.targetKey];
    const ownerKeyProp = props(metadata.get(this.options.owner().name) as EntityMetadata)[this.options.ownerKey ?? 'id'];
    if (!ownerProp || !targetProp || !keyProp || !ownerKeyProp) throw new Error(`KeyedLinks ${link.className}: unknown property in its options.`);
    return (this.columns = {
      table: link.tableName,
      ownerColumn: ownerProp.fieldNames[0]!,
      ownerKeyColumn: ownerKeyProp.fieldNames[0]!,
      targetColumn: targetProp.fieldNames[0]!,
      targetKeyColumn: keyProp.fieldNames[0]!,
    });
  }

  private keyOf(target: T): unknown {
    return (target as Record<string, unknown>)[this.options.targetKey];
  }

  private ownerKeyOf(owner: O): unknown {
    return (owner as Record<string, unknown>)[this.options.ownerKey ?? 'id'];
  }

  /** Links `targets` to `owner`; links that already exist are kept. */
  async add(owner: O, targets: readonly T[]): Promise<void> {
    if (targets.length === 0) return;
    const { table, ownerColumn, targetColumn } = this.cols();
    const values = targets.map(() => '(?, ?)').join(', ');
    const params = targets.flatMap((t) => [this.ownerKeyOf(owner), this.keyOf(t)]);
    await currentEm().execute(`insert into "${table}" ("${ownerColumn}", "${targetColumn}") values ${values} on conflict do nothing`, params);
  }

  /** Unlinks `targets` from `owner`. */
  async remove(owner: O, targets: readonly T[]): Promise<void> {
    if (targets.length === 0) return;
    const { table, ownerColumn, targetColumn } = this.cols();
    const keys = targets.map((t) => this.keyOf(t));
    await currentEm().execute(`delete from "${table}" where "${ownerColumn}" = ? and "${targetColumn}" in (${keys.map(() => '?').join(', ')})`, [this.ownerKeyOf(owner), ...keys]);
  }

  /** The targets linked to `owner`, ordered by id (one query). */
  async list(owner: O): Promise<T[]> {
    const { table, ownerColumn, targetColumn, targetKeyColumn } = this.cols();
    const where = { [raw((alias) => `${alias}."${targetKeyColumn}" in (select "${targetColumn}" from "${table}" where "${ownerColumn}" = ?)`, [this.ownerKeyOf(owner)])]: [] };
    return currentEm().find(this.options.target(), where as FilterQuery<T>, { orderBy: { id: 'asc' } as never });
  }

  /** The owners linked to `target`, ordered by id (one query). */
  async owners(target: T): Promise<O[]> {
    const { table, ownerColumn, targetColumn } = this.cols();
    const { ownerKeyColumn } = this.cols();
    const where = { [raw((alias) => `${alias}."${ownerKeyColumn}" in (select "${ownerColumn}" from "${table}" where "${targetColumn}" = ?)`, [this.keyOf(target)])]: [] };
    return currentEm().find(this.options.owner(), where as FilterQuery<O>, { orderBy: { id: 'asc' } as never });
  }

  /** Links `owners` to `target` (the reverse direction: users into a group). */
  async addOwners(target: T, owners: readonly O[]): Promise<void> {
    for (const owner of owners) await this.add(owner, [target]);
  }

  /** Unlinks `owners` from `target`. */
  async removeOwners(target: T, owners: readonly O[]): Promise<void> {
    if (owners.length === 0) return;
    const { table, ownerColumn, targetColumn } = this.cols();
    const keys = owners.map((o) => this.ownerKeyOf(o));
    await currentEm().execute(`delete from "${table}" where "${targetColumn}" = ? and "${ownerColumn}" in (${keys.map(() => '?').join(', ')})`, [this.keyOf(target), ...keys]);
  }

  /** The link table's name and columns (for queries that join it). */
  columnsInfo(): Readonly<Columns> {
    return this.cols();
  }

  /** The keys (names) linked to `owner` (one query, no entities). */
  async keys(owner: O): Promise<string[]> {
    const { table, ownerColumn, targetColumn } = this.cols();
    const rows = await currentEm().execute<Array<{ key: string }>>(`select "${targetColumn}" as key from "${table}" where "${ownerColumn}" = ?`, [this.ownerKeyOf(owner)]);
    return rows.map((r) => r.key);
  }
}
