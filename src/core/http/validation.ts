import type { z } from 'zod';
import { ValidationFailed } from '../errors/index.js';

/** One validation problem, in FastAPI's shape. */
export interface ValidationIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
}

/** Turns zod issues into FastAPI's `{type, loc, msg}` list; `prefix` says where (`['body']`, `['query']`, `['path', 'pk']`). */
export function toIssues(error: z.ZodError, prefix: Array<string | number>): ValidationIssue[] {
  return error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return {
      type: missing ? 'missing' : issue.code,
      loc: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      msg: missing ? 'Field required' : issue.message,
    };
  });
}

/** A 422 error from a zod error. */
export function validationError(error: z.ZodError, prefix: Array<string | number>): ValidationFailed {
  return new ValidationFailed(toIssues(error, prefix) as unknown as Array<Record<string, unknown>>);
}
