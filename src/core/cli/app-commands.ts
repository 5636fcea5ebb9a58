import { Command } from 'commander';
import { appHasModule, discoverApps, importAppModule } from '../apps.js';
import { CommandError } from '../errors/index.js';

/** What the apps add to the CLI. */
export interface AppCommands {
  /** `manage <app> <command>`: one group per app, holding the commands its module exports by name. */
  groups: Command[];
  /** `manage <command>`: the commands an app lists in `topLevelCommands` (`createsuperuser`, `permissions`). */
  topLevel: Array<{ app: string; command: Command }>;
}

/**
 * The commands of the apps, from every app's `commands` module (`src/apps/<app>/commands/index.ts` or
 * `commands.ts`): each exported commander `Command` goes into a group named after the app, and the module's
 * `topLevelCommands` array is added to `manage` itself, so an app owns the commands of its models.
 * @example
 * // src/apps/blog/commands/index.ts — run with `npm run manage -- blog publish 3`
 * export const publish = new Command('publish').argument('<id>').action((id) => withDatabase(async () => { … }));
 * // and `npm run manage -- reindex`
 * export const topLevelCommands = [new Command('reindex').action(…)];
 */
export async function loadAppCommands(): Promise<AppCommands> {
  const found: AppCommands = { groups: [], topLevel: [] };
  for (const app of discoverApps()) {
    if (!appHasModule(app, 'commands')) continue;
    const exports = await importAppModule(app, 'commands');
    const { topLevelCommands, ...rest } = exports;
    const top = topLevelCommands ?? [];
    if (!Array.isArray(top) || !top.every((value) => value instanceof Command)) {
      throw new CommandError(`src/apps/${app.name}/commands: topLevelCommands must be an array of commander Commands.`);
    }
    found.topLevel.push(...top.map((command: Command) => ({ app: app.name, command })));
    const commands = Object.values(rest).filter((value): value is Command => value instanceof Command);
    if (commands.length === 0 && top.length === 0) throw new CommandError(`src/apps/${app.name}/commands exports no commander Command.`);
    if (commands.length === 0) continue;
    const group = new Command(app.name).description(`Commands of the ${app.name} app (manage ${app.name} <command> --help).`);
    for (const command of commands) group.addCommand(command);
    found.groups.push(group);
  }
  return found;
}
