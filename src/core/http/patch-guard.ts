import type { z } from 'zod';
import { BadRequest } from '../errors/index.js';

/** The original's 400 for a PATCH that sends every field. */
export const PATCH_EVERY_FIELD = 'Cannot use PATCH to update entire object, use PUT instead.';

/** What `checkPatch` refuses, and with which detail. */
export interface PatchGuardOptions {
  /** The 400 detail when every field is sent (default PATCH_EVERY_FIELD; the original says "registry" for some models). */
  everyField?: string;
  /** When given, an empty PATCH is refused with this 400 detail too (default: an empty PATCH changes nothing). */
  empty?: string;
}

/** The documented responses of a PATCH route guarded by `checkPatch`: spread into the route's `responses`. */
export const PATCH_RESPONSES = { 400: 'Every field sent: use PUT' } as const;

/**
 * Refuses a PATCH body that sends every field of its schema (400: use PUT), and, when asked, one that sends
 * none. `data` is the parsed body, so only the fields the client sent are its keys.
 * @example checkPatch(data, HeroPatch, { everyField: 'Cannot use PATCH to update entire registry, use PUT instead.' });
 */
export function checkPatch(data: object, schema: z.ZodObject, options: PatchGuardOptions = {}): void {
  const sent = Object.keys(data).length;
  if (sent === Object.keys(schema.shape).length) throw new BadRequest(options.everyField ?? PATCH_EVERY_FIELD);
  if (sent === 0 && options.empty !== undefined) throw new BadRequest(options.empty);
}
