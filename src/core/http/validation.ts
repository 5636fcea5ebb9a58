import type { z } from 'zod';
import { ValidationFailed, type ValidationIssue } from '../errors/index.js';

export type { ValidationIssue };

type Bound = z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall;

/** The bound of a size issue, as a number (`maximum` for too_big, `minimum` for too_small). */
const boundOf = (issue: Bound): number => Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);

/**
 * Of several bounds one value breaks, the tightest: a 30-digit age breaks both the safe-integer limit zod gives
 * every integer and the field's own maximum, and the client needs only the second (one error per field).
 */
function tightestBounds(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const kept = new Map<string, Bound>();
  const keyOf = (issue: Bound) => `${issue.code} ${JSON.stringify(issue.path.map(String))}`;
  for (const issue of issues) {
    if (issue.code !== 'too_big' && issue.code !== 'too_small') continue;
    const seen = kept.get(keyOf(issue));
    const tighter = !seen || (issue.code === 'too_big' ? boundOf(issue) < boundOf(seen) : boundOf(issue) > boundOf(seen));
    if (tighter) kept.set(keyOf(issue), issue);
  }
  return issues.filter((issue) => (issue.code !== 'too_big' && issue.code !== 'too_small') || kept.get(keyOf(issue)) === issue);
}

/** Turns zod issues into FastAPI's `{type, loc, msg}` list; `prefix` says where (`['body']`, `['query']`, `['path', 'pk']`). */
export function toIssues(error: z.ZodError, prefix: Array<string | number>): ValidationIssue[] {
  return tightestBounds(error.issues).map((issue) => {
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
  return new ValidationFailed(toIssues(error, prefix));
}

interface WalkNode {
  value: unknown;
  key?: string | number;
  parent?: WalkNode;
}

/** A UTF-16 surrogate without its pair: not Unicode text, stored by PostgreSQL as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Issues for text PostgreSQL cannot keep as sent: the NUL character (`\u0000`), which it can neither store nor
 * compare (the driver fails with a protocol error, a 500), and lone surrogates, which it silently replaces.
 * Walks arrays and plain objects without recursion, so a deeply nested body cannot overflow the stack.
 */
export function textIssues(value: unknown, prefix: Array<string | number>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const stack: WalkNode[] = [{ value }];
  const locOf = (node: WalkNode): Array<string | number> => {
    const keys: Array<string | number> = [];
    for (let n: WalkNode | undefined = node; n?.parent; n = n.parent) keys.unshift(n.key!);
    return [...prefix, ...keys];
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) issues.push({ type: 'string_nul', loc: locOf(node), msg: 'Text cannot contain the NUL character (\\u0000).' });
      else if (LONE_SURROGATE.test(v)) issues.push({ type: 'string_unicode', loc: locOf(node), msg: 'Text must be valid Unicode (it holds a lone surrogate).' });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: node });
    } else if (v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
      for (const [key, item] of Object.entries(v).reverse()) stack.push({ value: item, key, parent: node });
    }
  }
  return issues;
}
