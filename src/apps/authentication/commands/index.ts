import { Command, CommandError } from '../../../core/cli/index.js';
import { closeRedis, getRedis } from '../../../core/redis/index.js';
import { clearLoginFailures } from '../services/throttle.js';

/** `manage throttle reset [--username U]`: forgets failed logins (all, or one username's). */
const reset = new Command('reset')
  .description("forget failed logins: every username's and address's, or one username's (--username)")
  .option('-u, --username <username>', "only this username's failures")
  .action(async (options: { username?: string }) => {
    if (!getRedis()) {
      console.log('REDIS_URL is not set: failed logins are counted inside each server process, so restarting the server forgets them.');
      return;
    }
    try {
      await getRedis()!.ping().catch((error: Error) => {
        throw new CommandError(`Redis (REDIS_URL) is not reachable: ${error.message.replace(/\.$/, "")}.`);
      });
      const deleted = await clearLoginFailures({ username: options.username });
      console.log(options.username === undefined ? `Cleared ${deleted ?? 0} login throttle counters.` : `Cleared the failed logins of '${options.username}'.`);
    } finally {
      await closeRedis();
    }
  });

/** Login throttling: `manage throttle reset` (a command of `manage` itself, as Django's `changepassword` is). */
const throttle = new Command('throttle').description('login throttling (failures per username and per address)').addCommand(reset);

export const topLevelCommands = [throttle];
