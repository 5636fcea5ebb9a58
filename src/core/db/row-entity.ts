import type { EntityDictionary, EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

const FACTORY_OPTIONS = { merge: true, refresh: true, convertCustomTypes: true } as const;

/**
 * A row of the model's table (column names, values as the driver parsed them: a prepared statement's row) as a
 * managed entity of `em`, refreshed if the context already holds it: what `em.map` gives, made as `em.find` makes
 * its entities (column names to properties, then MikroORM's entity factory, which puts it in the identity map with
 * its snapshot for the next diff). `em.map` also re-validates each value and cascades a merge, which costs several
 * times as much and changes nothing for a row read with MikroORM's own connection.
 */
export function entityFromRow<E extends object>(em: EntityManager, model: abstract new (...args: never[]) => E, row: Record<string, unknown>): E {
  const meta = em.getMetadata().get<E>(model.name) as EntityMetadata<E>;
  const data = em.getDriver().mapResult(row as EntityDictionary<E>, meta)!;
  return em.getEntityFactory().create<E>(model.name, data, FACTORY_OPTIONS);
}
