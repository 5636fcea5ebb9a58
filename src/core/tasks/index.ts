/**
 * Background tasks: `defineTask` in an app's `tasks/` folder, `task.enqueue(data)` anywhere. With REDIS_URL the
 * jobs go to BullMQ queues that `manage worker` consumes (retries with backoff, a failed set, schedules);
 * without it they run in-process when enqueued (eager mode: errors reach the caller), as tests use them.
 */
export { defineTask, findTask, registeredTasks, type Task, type TaskOptions, type TaskContext, type TaskBackoff, type EnqueueOptions, type Enqueued } from './task.js';
export { schedule, registeredSchedules, syncSchedules, type Schedule, type ScheduleWhen } from './schedules.js';
export { startWorker, taskQueues, type TaskWorker, type TaskWorkerOptions } from './worker.js';
export { tasksMode, getQueue, closeQueues, type TasksMode } from './queues.js';
export { summarizeQueues, failedJobs, listSchedules, retryJob, retryAllFailed, NotRetryable, type QueueSummary, type FailedJob, type ScheduleSummary } from './inspect.js';
export { runAttempt, TaskTimeout } from './runner.js';
export { waitForResult } from './wait.js';
export { liveness, loadFixturesTask } from './builtin.js';
export { TaskPayloadInvalid } from '../errors/index.js';
