/** `manage` with the test tasks loaded: the task tests run `node worker-entry.js worker …` as a real worker process. */
import 'reflect-metadata';
import './test-tasks.js';
import { runCli } from '../../cli/index.js';

await runCli();
