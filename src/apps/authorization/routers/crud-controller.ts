import { z } from 'zod';
import { BadRequest } from '../../../core/errors/index.js';
import type { BaseTable, ModelClass } from '../../../core/db/index.js';

/** A primary key in a path. */
export const Pk = z.coerce.number().int().positive().max(2147483647);

/** PATCH may not send every field (behaviour.md §5.5): use PUT for that. */
export function assertPartial(data: object, schema: z.ZodObject): void {
  if (Object.keys(data).length === Object.keys(schema.shape).length) {
    throw new BadRequest('Cannot use PATCH to update entire registry, use PUT instead.');
  }
}

/** Fetches a row or answers 404 with the model's message (`Permission not found.`). */
export function find<E extends BaseTable>(model: ModelClass<E> & typeof BaseTable, pk: number): Promise<E> {
  return model.getOr404<E>({ id: pk } as never, `${model.name} not found.`);
}
