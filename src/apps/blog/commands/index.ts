import { Command, withDatabase } from '../../../core/cli/index.js';
import { PostStatistic } from '../models/index.js';

export const top = new Command('top')
  .description('the most read posts')
  .option('-n, --limit <n>', 'how many', '5')
  .action((options: { limit: string }) => withDatabase(async () => {
    for (const stats of await PostStatistic.filter({}, { orderBy: '-views', limit: Number(options.limit) })) {
      console.log(`${stats.views}\t${stats.post.id}`);
    }
  }));
// npm run manage -- blog top --limit 3
