import type { z } from 'zod';
import { Command, CommandError, createPrompter, withDatabase, type Prompter } from '../../../core/cli/index.js';
import { migrate } from '../../../core/db/index.js';
import { User } from '../models/index.js';

interface SuperuserOptions {
  username?: string;
  email?: string;
  input: boolean;
}

/** The answers, on the wire (the user's create schema validates them). */
interface SuperuserData {
  username: string;
  email: string | null;
  first_name: string;
  last_name: string;
  password: string;
}

/** `username: Too big: expected string to have <=150 characters; …` */
const describeIssues = (error: z.ZodError, field?: string) =>
  error.issues.map((issue) => `${[field, ...issue.path].filter((p) => p !== undefined).join('.') || 'input'}: ${issue.message}`).join('; ');

/** Asks until `valid` accepts the answer (a pipe that runs out of answers ends it with an error). */
async function askUntil(prompter: Prompter, question: string, valid: (answer: string) => Promise<string | undefined> | string | undefined, hidden = false): Promise<string> {
  for (;;) {
    const answer = await prompter.ask(question, { hidden });
    const problem = await valid(answer);
    if (!problem) return answer;
    console.error(`Error: ${problem}`);
  }
}

/**
 * `createsuperuser`: creates an admin user (role admin, status active). Interactive by default (the password is
 * not echoed on a terminal); `--no-input` takes SUPERUSER_USERNAME, SUPERUSER_PASSWORD and SUPERUSER_EMAIL
 * from the environment (for scripts and containers), as Django's DJANGO_SUPERUSER_* variables.
 */
export const createsuperuser = new Command('createsuperuser')
  .summary('create an administrator')
  .description('Create an administrator (applies pending migrations first). Interactive, or --no-input with SUPERUSER_* variables.')
  .option('--username <username>', 'the username (default: asked, or SUPERUSER_USERNAME)')
  .option('--email <email>', 'the email address (default: asked, or SUPERUSER_EMAIL; optional)')
  .option('--no-input', 'ask nothing: read SUPERUSER_USERNAME, SUPERUSER_PASSWORD and SUPERUSER_EMAIL')
  .action(async (options: SuperuserOptions) => {
    const env = process.env;
    const given = { username: options.username ?? env.SUPERUSER_USERNAME, password: env.SUPERUSER_PASSWORD };
    if (!options.input && (!given.username || !given.password)) {
      throw new CommandError('--no-input needs SUPERUSER_USERNAME (or --username) and SUPERUSER_PASSWORD in the environment.', 2);
    }
    const schema = User.createSchema();
    /** Why an answer is not a valid value of the field, or undefined. */
    const invalid = (name: keyof SuperuserData) => (answer: string) => {
      const parsed = schema.shape[name].safeParse(name === 'email' && answer === '' ? null : answer);
      return parsed.success ? undefined : describeIssues(parsed.error, name);
    };
    const created = await withDatabase(async () => {
      await migrate();
      const taken = async (name: string) => ((await User.exists({ username: name })) ? `A user named '${name}' already exists.` : undefined);
      let data: SuperuserData;
      if (!options.input) {
        const username = given.username!;
        const problem = invalid('username')(username) ?? (await taken(username));
        if (problem) throw new CommandError(problem);
        const email = options.email ?? (env.SUPERUSER_EMAIL || null);
        data = { username, email, first_name: env.SUPERUSER_FIRST_NAME || username, last_name: env.SUPERUSER_LAST_NAME || 'Admin', password: given.password! };
      } else {
        const prompter = createPrompter();
        try {
          let username = options.username;
          if (username) {
            const problem = invalid('username')(username) ?? (await taken(username));
            if (problem) throw new CommandError(problem);
          } else {
            username = await askUntil(prompter, 'Username: ', async (answer) => invalid('username')(answer) ?? (await taken(answer)));
          }
          const email = options.email ?? (await askUntil(prompter, 'Email address (optional): ', invalid('email')));
          const first = await prompter.ask(`First name [${username}]: `);
          const last = await prompter.ask('Last name [Admin]: ');
          let password: string;
          for (;;) {
            password = await askUntil(prompter, 'Password: ', (answer) => (answer === '' ? 'A blank password is not allowed.' : invalid('password')(answer)), true);
            if ((await prompter.ask('Password (again): ', { hidden: true })) === password) break;
            console.error("Error: the two passwords didn't match.");
          }
          data = { username, email: email || null, first_name: first || username, last_name: last || 'Admin', password };
        } finally {
          prompter.close();
        }
      }
      const parsed = schema.safeParse(data);
      if (!parsed.success) throw new CommandError(`Invalid superuser: ${describeIssues(parsed.error)}`);
      const user = await User.create({ ...parsed.data, role: 'admin', status: 'active' }).save();
      return user.username;
    });
    console.log(`Superuser '${created}' created.`);
  })
  .addHelpText(
    'after',
    '\nExamples:\n  npm run manage -- createsuperuser\n  SUPERUSER_USERNAME=root SUPERUSER_PASSWORD=… SUPERUSER_EMAIL=root@example.org npm run manage -- createsuperuser --no-input',
  );
