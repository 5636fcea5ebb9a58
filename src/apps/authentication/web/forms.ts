import { z } from 'zod';
import { UserCreate } from '../../user/models/index.js';

/** The login form (its field names are the template's). */
export const LoginPageForm = z.object({
  username: z.string({ error: 'Enter your username.' }).trim().min(1, 'Enter your username.').max(150),
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(128),
});

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

/**
 * The register form: the API's user fields (the model's rules), with the page's wording, a password of at
 * least 8 characters, and no `role` (nobody makes themselves admin). Field names are the template's and the handler's, the same.
 */
export const RegisterPageForm = UserCreate.pick({ username: true, first_name: true, last_name: true, email: true, password: true }).extend({
  username: z.string({ error: 'Choose a username.' }).trim().min(1, 'Choose a username.').max(150, 'Use at most 150 characters.')
    .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits and . _ - only.'),
  first_name: z.string({ error: 'Enter your first name.' }).trim().min(1, 'Enter your first name.').max(150, 'Use at most 150 characters.'),
  last_name: z.string({ error: 'Enter your last name.' }).trim().min(1, 'Enter your last name.').max(150, 'Use at most 150 characters.'),
  email: z.preprocess(blankToNull, z.email('Enter a valid email address.').max(254).nullable().default(null)),
  password: z.string({ error: 'Choose a password.' }).min(8, 'Use at least 8 characters.').max(128, 'Use at most 128 characters.'),
});

/** The first message per field of a failed parse: `{ username: 'Choose a username.' }`. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}

/** The values to show again in the form: every submitted text field except the password and the token. */
export function keptValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'password' || key === 'csrf_token' || typeof value !== 'string') continue;
    out[key] = value.slice(0, 300);
  }
  return out;
}
