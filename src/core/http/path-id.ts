import { z } from 'zod';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * A row id in a path: a canonical decimal integer in PostgreSQL's `integer` range, a leading minus allowed
 * (`"1"`, `"0"`, `"-1"`). Spaces, leading zeros, `+`, hex and exponents are 422, so one id has one spelling;
 * a well-formed id with no row is then the model's 404, as in the original.
 * @example
 *   @route.get('/:pk') get(@Param('pk', Pk) pk: number) { return Hero.getOr404({ id: pk }); }
 */
export const Pk = z
  .string()
  .regex(/^(0|-?[1-9][0-9]{0,9})$/, { message: 'Expected an integer id (decimal digits, no spaces or leading zeros).' })
  .transform(Number)
  .refine((n) => n >= INT32_MIN && n <= INT32_MAX, { message: `Expected an id between ${INT32_MIN} and ${INT32_MAX}.` })
  .openapi({ type: 'integer', format: 'int32', example: 1 });
