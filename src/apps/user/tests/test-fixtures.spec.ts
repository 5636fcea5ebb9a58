/**
 * The original's test fixtures: `users` (ids 1, 2, 3 once sequences restart),
 * `user_need_permission` (an admin holding the four users permissions) and `permissions` (test_permission).
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { Permission, User } from '../models/index.js';

describe('test fixtures of the users and authorization apps', () => {
  const t = useTestCase({ fixtures: ['users', 'user_need_permission', 'permissions'], resetSequences: true });

  it('users: fastapi (admin), test (staff) and active (active) get the ids 1, 2 and 3', async () => {
    const users = await User.all();
    expect(users.map((u) => [u.id, u.username, u.role])).to.deep.equal([
      [1, 'fastapi', 'admin'], [2, 'test', 'staff'], [3, 'active', 'active'], [4, 'test_permission', 'admin'],
    ]);
    const res = await t.client.get(t.urlFor('user-get', { pk: 1 }));
    expect(res.body).to.include({ id: 1, username: 'fastapi', first_name: 'FastAPI', last_name: 'Python' });
  });

  it('users: the passwords are hashed and log in', async () => {
    for (const [username, password] of [['fastapi', 'fastapi'], ['test', 'test'], ['active', 'active123'], ['test_permission', 'test_permission']]) {
      const res = await t.client.post(t.urlFor('jwt-auth')).type('form').send({ username, password });
      expect(res.status, username).to.equal(200);
    }
  });

  it('user_need_permission: test_permission holds the four users permissions directly', async () => {
    const holder = (await User.get({ username: 'test_permission' }))!;
    expect((await holder.permissions()).map((p) => p.name)).to.deep.equal(['create:users', 'read:users', 'update:users', 'delete:users']);
  });

  it('permissions: test_permission, about the permission table', async () => {
    expect(await Permission.get({ name: 'test_permission' })).to.include({ displayName: 'Test permission', targetTable: 'permission', description: null });
  });

  it('resetSequences continues a table with committed rows after them: test_permission follows the generated permissions', async () => {
    const ids = (await Permission.all({ limit: null })).map((p) => p.id);
    expect((await Permission.get({ name: 'test_permission' }))!.id).to.equal(Math.max(...ids));
  });
});
