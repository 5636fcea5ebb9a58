/**
 * AdminAccess: the authorization routes and the user admin routes answer 401
 * without a token, 403 "Insufficient rights to carry out this action" (no period) to anyone but an admin, even
 * one holding every permission, and 404 with the model's message for a pk that does not exist.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { Group, Permission, User } from '../../user/models/index.js';
import { scanEveryResponse } from '../../authentication/tests/no-secrets.js';

type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface AdminRoute {
  verb: Verb;
  name: string;
  /** The model whose pk the path takes, if any. */
  model?: 'permission' | 'group' | 'user';
  /** A valid body, so that only the pk can make it fail. */
  body?: object;
}

const ADMIN_ROUTES: AdminRoute[] = [
  { verb: 'get', name: 'permission-list' },
  { verb: 'post', name: 'permission-create', body: { name: 'p', target_table: 't' } },
  { verb: 'patch', name: 'permission-patch', model: 'permission', body: { description: 'd' } },
  { verb: 'put', name: 'permission-update', model: 'permission', body: { name: 'p', target_table: 't' } },
  { verb: 'delete', name: 'permission-delete', model: 'permission' },
  { verb: 'get', name: 'group-list' },
  { verb: 'post', name: 'group-create', body: { name: 'g', target_table: 't' } },
  { verb: 'patch', name: 'group-patch', model: 'group', body: { description: 'd' } },
  { verb: 'put', name: 'group-update', model: 'group', body: { name: 'g', target_table: 't' } },
  { verb: 'delete', name: 'group-delete', model: 'group' },
  { verb: 'patch', name: 'group-add-user', model: 'group', body: { users: ['test'] } },
  { verb: 'patch', name: 'group-remove-user', model: 'group', body: { users: ['test'] } },
  { verb: 'patch', name: 'group-add-permissions', model: 'group', body: { permissions: ['read:hero'] } },
  { verb: 'patch', name: 'group-remove-permissions', model: 'group', body: { permissions: ['read:hero'] } },
  { verb: 'get', name: 'user-get-permissions', model: 'user' },
  { verb: 'patch', name: 'user-add-permissions', model: 'user', body: { permissions: ['read:hero'] } },
  { verb: 'patch', name: 'user-remove-permissions', model: 'user', body: { permissions: ['read:hero'] } },
  { verb: 'get', name: 'user-get-groups', model: 'user' },
];

const NOT_FOUND = { permission: 'Permission not found.', group: 'Group not found.', user: 'User not found.' };

describe('admin-only routes', () => {
  const t = useTestCase({ fixtures: ['users'] });
  scanEveryResponse();

  /** An existing pk of each model. */
  const existing = async () => ({
    permission: (await Permission.get({ name: 'read:hero' }))!.id,
    group: (await Group.get({ name: 'read:hero' }))!.id,
    user: (await User.get({ username: 'active' }))!.id,
  });
  /** A pk of each model that does not exist: the id of a row just deleted. */
  const missing = async () => {
    const permission = await Permission.create({ name: 'gone', target_table: 'x' }).save();
    const group = await Group.create({ name: 'gone', target_table: 'x' }).save();
    const user = await User.create({ username: 'gone', first_name: 'G', last_name: 'One', password: 'gone' }).save();
    const ids = { permission: permission.id, group: group.id, user: user.id };
    await permission.delete();
    await group.delete();
    await user.delete();
    return ids;
  };
  const call = (route: AdminRoute, pks: Record<string, number>) => {
    const url = t.urlFor(route.name, route.model ? { pk: pks[route.model]! } : {});
    const req = t.client[route.verb](url);
    return route.body ? req.send(route.body) : req;
  };

  it('answer 401 "Not authenticated" without a token', async () => {
    const pks = await existing();
    for (const route of ADMIN_ROUTES) {
      const res = await call(route, pks);
      expect(res.status, route.name).to.equal(401);
      expect(res.body, route.name).to.deep.equal({ detail: 'Not authenticated' });
      expect(res.headers['www-authenticate'], route.name).to.equal('Bearer');
    }
  });

  it('answer 403 "Insufficient rights to carry out this action" to staff and active users, whatever permissions they hold', async () => {
    const pks = await existing();
    const staff = (await User.get({ username: 'test' }))!;
    await t.addPermissions(staff, (await Permission.all({ limit: null })).map((p) => p.name));
    for (const username of ['test', 'active']) {
      await t.client.login(username);
      for (const route of ADMIN_ROUTES) {
        const res = await call(route, pks);
        expect(res.status, `${username} ${route.name}`).to.equal(403);
        expect(res.body, route.name).to.deep.equal({ detail: 'Insufficient rights to carry out this action' });
      }
    }
  });

  it('refuse a non-admin before looking the pk up (403, not 404)', async () => {
    const pks = await missing();
    await t.client.login('test');
    for (const route of ADMIN_ROUTES.filter((r) => r.model)) expect((await call(route, pks)).status, route.name).to.equal(403);
  });

  it('answer 404 with the model\'s message to an admin, for a pk that does not exist', async () => {
    const pks = await missing();
    await t.client.login('fastapi');
    for (const route of ADMIN_ROUTES.filter((r) => r.model)) {
      const res = await call(route, pks);
      expect(res.status, route.name).to.equal(404);
      expect(res.body, route.name).to.deep.equal({ detail: NOT_FOUND[route.model!] });
    }
  });

  it('answer 422 for a pk that is not a number', async () => {
    await t.client.login('fastapi');
    for (const route of ADMIN_ROUTES.filter((r) => r.model)) {
      const res = await call(route, { permission: 'abc', group: 'abc', user: 'abc' } as never);
      expect(res.status, route.name).to.equal(422);
      expect(res.body.detail[0].loc, route.name).to.deep.equal(['path', 'pk']);
    }
  });
});
