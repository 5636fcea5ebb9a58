import { expect } from 'chai';
import { TaskPayloadInvalid } from '../../../core/errors/index.js';
import { tasksMode } from '../../../core/tasks/index.js';
import { useTestCase } from '../../../core/testing/index.js';
import { resetSettings } from '../../../settings/index.js';
import { User } from '../models/index.js';
import { createUser } from '../tasks/index.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

// The create-user task, run eagerly (no queue): inside a fresh database context that joins the test's transaction.
describe('the create-user task', () => {
  useTestCase({ fixtures: ['users'] });
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

  it('runs the task at enqueue and gives its result (create-user: the user exists, no password shown)', async () => {
    expect(tasksMode()).to.equal('eager');
    const done = await createUser.enqueue({ username: 'task.user', first_name: 'Task', last_name: 'User', password: 'secret123' });
    expect(done.mode).to.equal('eager');
    if (done.mode !== 'eager') return;
    expect(done.result).to.include({ username: 'task.user', first_name: 'Task' });
    expect(done.result).to.not.have.property('password');
    const stored = await User.get({ username: 'task.user' });
    expect(stored?.id).to.equal(done.result.id);
  });

  it('refuses a bad payload at enqueue with an error naming the field, and runs nothing', async () => {
    const before = await User.count();
    // @ts-expect-error: the payload type comes from the schema, so a number username does not compile
    const error = await rejection(createUser.enqueue({ username: 42, first_name: 'A', last_name: 'B', password: 'secret123' }));
    expect(error).to.be.instanceOf(TaskPayloadInvalid);
    expect((error as TaskPayloadInvalid).message).to.match(/^Task 'user.create-user' refused its payload: username: /);
    expect((error as TaskPayloadInvalid).detail).to.deep.include.members([{ type: 'invalid_type', loc: ['username'], msg: 'Invalid input: expected string, received number' }]);
    expect(await User.count()).to.equal(before);
  });

});
