import { expect } from 'chai';
import { z } from 'zod';
import { Conflict } from '../../errors/index.js';
import { useTestCase } from '../../testing/index.js';
import { resetSettings } from '../../../settings/index.js';
import { defineTask, loadFixturesTask, TaskTimeout } from '../index.js';
import { hangingTask } from './test-tasks.js';

const refusing = defineTask('test.eager-conflict', ({ name }) => {
  throw new Conflict(`${name} exists`);
}, { schema: z.object({ name: z.string() }), retries: 3 });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

// Without a queue (tests, or no REDIS_URL) a task runs when enqueued, in-process: as Celery's eager mode.
describe('tasks in eager mode', () => {
  useTestCase();
  const previous = process.env.TASKS_BACKEND;
  before(() => {
    process.env.TASKS_BACKEND = 'eager';
    resetSettings();
  });
  after(() => {
    if (previous === undefined) delete process.env.TASKS_BACKEND;
    else process.env.TASKS_BACKEND = previous;
    resetSettings();
  });

  it("propagates the task's error to the caller (no retries in eager mode)", async () => {
    const error = await rejection(refusing.enqueue({ name: 'x' }));
    expect(error).to.be.instanceOf(Conflict);
    expect((error as Error).message).to.equal('x exists');
  });

  it('fails an attempt that outlives its timeout', async () => {
    const error = await rejection(hangingTask.enqueue({}));
    expect(error).to.be.instanceOf(TaskTimeout);
    expect((error as Error).message).to.equal("Task 'test.hanging' timed out after 100 ms.");
  });

  it('loads fixtures through the load-fixtures task and returns the count', async () => {
    const done = await loadFixturesTask.enqueue({ paths: ['src/apps/hero/fixtures/initial-heroes.yaml'] });
    expect(done.mode === 'eager' && done.result).to.deep.equal({ loaded: 6, created: 6, updated: 0, unchanged: 0 });
  });

  it('refuses a task defined twice and a bad name', () => {
    expect(() => defineTask('test.eager-conflict', () => 1, { schema: z.object({}) })).to.throw("Task 'test.eager-conflict' is defined twice.");
    expect(() => defineTask('Bad Name', () => 1, { schema: z.object({}) })).to.throw(/Invalid task name 'Bad Name'/);
  });
});
