import { Command } from 'commander';
import { discoverApps, hasModule, moduleUrl } from '../apps.js';
import { CommandError } from '../errors/index.js';

/**
 * The commands of the apps: every app with a `commands` module (`src/apps/<app>/commands/index.ts` or
 * `commands.ts`) gets a command group named after it, holding each commander `Command` the module exports.
 * @example
 * // src/apps/blog/commands/index.ts — run with `npm run manage -- blog publish 3`
 * export const publish = new Command('publish').argument('<id>').action((id) => withDatabase(async () => { … }));
 */
export async function loadAppCommands(): Promise<Command[]> {
  const groups: Command[] = [];
  for (const app of discoverApps()) {
    if (!hasModule(app.distDir, 'commands')) continue;
    const exports = (await import(moduleUrl(app.distDir, 'commands'))) as Record<string, unknown>;
    const commands = Object.values(exports).filter((value): value is Command => value instanceof Command);
    if (commands.length === 0) throw new CommandError(`src/apps/${app.name}/commands exports no commander Command.`);
    const group = new Command(app.name).description(`Commands of the ${app.name} app (manage ${app.name} <command> --help).`);
    for (const command of commands) group.addCommand(command);
    groups.push(group);
  }
  return groups;
}
