/**
 * permissionRequired: a request passes when the user is an admin, holds the permissions
 * directly, or belongs to the named groups and one of those groups holds the permissions. The routes below are
 * a small app of their own, so each rule has a route that shows it.
 *
 * Deliberate simplifications: the check is on permission *names the user holds* (a name with no permission row
 * can never be held, so it refuses everyone but admins), and `anyMatch` on groups means one group or more (the
 * original required more than one).
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { buildApp, Controller, Depends, route, type KitApp } from '../../../core/http/index.js';
import { useTestCase } from '../../../core/testing/index.js';
import { authenticate } from '../../authentication/dependencies/index.js';
import { expectNoSecrets } from '../../authentication/tests/no-secrets.js';
import { Group, User } from '../../user/models/index.js';
import { permissionRequired } from '../../user/dependencies/index.js';

const directly = permissionRequired({ permissions: ['update:hero'] });
const directlyOrByGroup = permissionRequired({ permissions: ['update:hero'], groups: ['update:hero'] });
const byAnotherGroup = permissionRequired({ permissions: ['update:hero'], groups: ['read:hero'] });
const bothPermissions = permissionRequired({ permissions: ['create:hero', 'delete:hero'] });
const eitherPermission = permissionRequired({ permissions: ['create:hero', 'delete:hero'], anyMatch: true });
const bothGroups = permissionRequired({ groups: ['read:hero', 'update:hero'] });
const eitherGroup = permissionRequired({ groups: ['read:hero', 'update:hero'], anyMatch: true });
const unknownPermission = permissionRequired({ permissions: ['no-such-permission'], groups: ['no-such-group'] });

/** Each route answers `{ username }` of the user the dependency let through. */
@Controller('/probe')
class ProbeController {
  @route.get('/directly/') directly(@Depends(directly) user: User) { return { username: user.username }; }
  @route.get('/directly-or-by-group/') directlyOrByGroup(@Depends(directlyOrByGroup) user: User) { return { username: user.username }; }
  @route.get('/by-another-group/') byAnotherGroup(@Depends(byAnotherGroup) user: User) { return { username: user.username }; }
  @route.get('/both-permissions/') bothPermissions(@Depends(bothPermissions) user: User) { return { username: user.username }; }
  @route.get('/either-permission/') eitherPermission(@Depends(eitherPermission) user: User) { return { username: user.username }; }
  @route.get('/both-groups/') bothGroups(@Depends(bothGroups) user: User) { return { username: user.username }; }
  @route.get('/either-group/') eitherGroup(@Depends(eitherGroup) user: User) { return { username: user.username }; }
  @route.get('/unknown-permission/') unknownPermission(@Depends(unknownPermission) user: User) { return { username: user.username }; }
}

const DENIED = { detail: 'You do not have sufficient rights to this resource.' };

describe('permissionRequired', () => {
  const t = useTestCase({ fixtures: ['users'] });
  let probe: KitApp;
  before(() => {
    probe = buildApp({ api: [ProbeController], middleware: [authenticate] });
  });

  /** GET /api/probe/<path>/ with the test client's token, if any. */
  const get = (path: string) => {
    const req = supertest(probe.app).get(`/api/probe/${path}/`).expect((res) => expectNoSecrets(res.body));
    return t.client.accessToken ? req.set('Authorization', `Bearer ${t.client.accessToken}`) : req;
  };
  const status = async (path: string) => (await get(path)).status;
  const staff = async () => (await User.get({ username: 'test' }))!;
  const group = async (name: string) => (await Group.get({ name }))!;

  it('needs a bearer token: 401 "Not authenticated" without one', async () => {
    const res = await get('directly');
    expect(res.status).to.equal(401);
    expect(res.body).to.deep.equal({ detail: 'Not authenticated' });
    expect(res.headers['www-authenticate']).to.equal('Bearer');
  });

  it('lets an admin through every check, even one nobody can pass', async () => {
    await t.client.login('fastapi');
    for (const path of ['directly', 'by-another-group', 'both-permissions', 'both-groups', 'unknown-permission']) {
      const res = await get(path);
      expect(res.status, path).to.equal(200);
      expect(res.body).to.deep.equal({ username: 'fastapi' });
    }
  });

  it('refuses a user without the permission: 403 "You do not have sufficient rights to this resource."', async () => {
    await t.client.login('test');
    const res = await get('directly');
    expect(res.status).to.equal(403);
    expect(res.body).to.deep.equal(DENIED);
  });

  it('lets through a user holding the permission directly', async () => {
    await t.addPermissions(await staff(), ['update:hero']);
    await t.client.login('test');
    expect((await get('directly')).body).to.deep.equal({ username: 'test' });
    expect(await status('directly-or-by-group')).to.equal(200);
  });

  it('checks on every request: a permission taken away refuses the next request', async () => {
    const user = await staff();
    await t.addPermissions(user, ['update:hero']);
    await t.client.login('test');
    expect(await status('directly')).to.equal(200);
    await t.client.login('fastapi');
    await t.client.patch(t.urlFor('user-remove-permissions', { pk: user.id })).send({ permissions: ['update:hero'] });
    await t.client.login('test');
    expect(await status('directly')).to.equal(403);
  });

  it('lets through a member of a named group that holds the permission', async () => {
    const updaters = await group('update:hero');
    expect(await updaters.hasPermissions(['update:hero'])).to.equal(true); // generated with the table
    await updaters.addUser(await staff());
    await t.client.login('test');
    expect(await status('directly-or-by-group')).to.equal(200);
    // Groups count only where the route names them.
    expect(await status('directly')).to.equal(403);
  });

  it('refuses a member of a named group that does not hold the permission, until the group gets it', async () => {
    const readers = await group('read:hero');
    await readers.addUser(await staff());
    await t.client.login('test');
    const res = await get('by-another-group');
    expect(res.status).to.equal(403);
    expect(res.body).to.deep.equal(DENIED);

    await t.addPermissions(readers, ['update:hero']);
    expect(await status('by-another-group')).to.equal(200);
  });

  it('refuses a user who holds the permission only through a group the route does not name', async () => {
    await (await group('update:hero')).addUser(await staff());
    await t.client.login('test');
    expect(await status('by-another-group')).to.equal(403);
  });

  it('needs every permission by default, and one of them with anyMatch', async () => {
    const user = await staff();
    await t.addPermissions(user, ['delete:hero']);
    await t.client.login('test');
    expect(await status('both-permissions')).to.equal(403);
    expect(await status('either-permission')).to.equal(200);

    await t.addPermissions(user, ['create:hero']);
    expect(await status('both-permissions')).to.equal(200);
  });

  it('with groups only, membership is enough: every group by default, one or more with anyMatch', async () => {
    await (await group('read:hero')).addUser(await staff());
    await t.client.login('test');
    expect(await status('both-groups')).to.equal(403);
    expect(await status('either-group')).to.equal(200);

    await (await group('update:hero')).addUser(await staff());
    expect(await status('both-groups')).to.equal(200);
  });

  it('a permission name with no permission row can never be held: only admins pass', async () => {
    await t.addPermissions(await staff(), ['update:hero', 'create:hero', 'read:hero', 'delete:hero']);
    await t.client.login('test');
    expect(await status('unknown-permission')).to.equal(403);
  });

  it('staff and active users are treated alike: only their permissions count', async () => {
    for (const username of ['test', 'active']) {
      await t.client.login(username);
      expect(await status('directly'), username).to.equal(403);
      await t.addPermissions((await User.get({ username }))!, ['update:hero']);
      expect(await status('directly'), username).to.equal(200);
    }
  });
});
