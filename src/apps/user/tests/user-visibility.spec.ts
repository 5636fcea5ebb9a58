/**
 * Who sees a user's email, address and age: the user and admins. Anonymous callers and other users get the
 * rest of the record, on every route that answers with users; the API docs describe both shapes.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { Group, User } from '../models/index.js';

const PUBLIC_KEYS = ['id', 'created_at', 'updated_at', 'username', 'first_name', 'last_name', 'role', 'status'];
const ALL_KEYS = ['id', 'created_at', 'updated_at', 'username', 'first_name', 'last_name', 'email', 'address', 'age', 'role', 'status'];
type Row = { username: string } & Record<string, unknown>;

describe('user field visibility (email, address, age)', () => {
  const t = useTestCase({ fixtures: ['users'] });

  beforeEach(async () => {
    const active = (await User.get({ username: 'active' }))!;
    await active.assign({ address: '3 Rue Haute', age: 52 }).save();
  });
  const list = async () => (await t.client.get(t.urlFor('user-list'))).body as Row[];
  const one = async (username: string) => (await t.client.get(t.urlFor('user-get', { pk: (await User.get({ username }))!.id }))).body as Row;
  const byName = (rows: Row[]) => Object.fromEntries(rows.map((row) => [row.username, Object.keys(row)]));

  it('anonymous callers see no one\'s private fields, in the list or one by one', async () => {
    expect(byName(await list())).to.deep.equal({ fastapi: PUBLIC_KEYS, test: PUBLIC_KEYS, active: PUBLIC_KEYS });
    const active = await one('active');
    expect(Object.keys(active)).to.deep.equal(PUBLIC_KEYS);
    expect(JSON.stringify(active)).to.not.contain('a.doe@example.com').and.not.contain('Rue Haute');
  });

  it('another user sees only their own private fields', async () => {
    await t.client.login('test');
    expect(byName(await list())).to.deep.equal({ fastapi: PUBLIC_KEYS, test: ALL_KEYS, active: PUBLIC_KEYS });
    expect(Object.keys(await one('active'))).to.deep.equal(PUBLIC_KEYS);
    expect(await one('test')).to.include({ email: 'pytest@example.com' });
  });

  it('the user sees their own record whole', async () => {
    await t.client.login('active');
    expect(await one('active')).to.include({ email: 'a.doe@example.com', address: '3 Rue Haute', age: 52 });
    expect((await list()).find((row) => row.username === 'active')).to.include({ address: '3 Rue Haute', age: 52 });
  });

  it('admins see every record whole, in the user routes and the group member routes', async () => {
    await t.client.login('fastapi');
    expect(byName(await list())).to.deep.equal({ fastapi: ALL_KEYS, test: ALL_KEYS, active: ALL_KEYS });
    expect(await one('active')).to.include({ email: 'a.doe@example.com', address: '3 Rue Haute', age: 52 });
    const group = await Group.create({ name: 'readers', target_table: 'users' }).save();
    const members = await t.client.patch(t.urlFor('group-add-user', { pk: group.id })).send({ users: ['active'] });
    expect(members.status).to.equal(200);
    expect(members.body[0]).to.include({ username: 'active', email: 'a.doe@example.com', age: 52 });
  });

  it('a refused token sees what an anonymous caller sees (never more)', async () => {
    const res = await t.client.get(t.urlFor('user-list')).set('Authorization', 'Bearer not.a.token');
    expect(res.status).to.equal(200);
    expect(Object.keys((res.body as Row[])[0]!)).to.deep.equal(PUBLIC_KEYS);
  });

  it('the email cannot be probed through the list filters', async () => {
    const res = await t.client.get(t.urlFor('user-list', {}, { email: 'a.doe@example.com' }));
    expect(res.status).to.equal(422);
  });

  it('the API docs name both shapes: UserPublic (private fields optional) for the public routes, User for one\'s own', async () => {
    const res = await t.client.get('/openapi.json');
    const doc = res.body as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: { schemas: Record<string, { required?: string[]; properties: Record<string, unknown> }> } };
    const schemaOf = (path: string, verb: string) => doc.paths[path]![verb]!.responses['200']!.content!['application/json']!.schema;
    expect(schemaOf('/api/users/', 'get')).to.deep.equal({ type: 'array', items: { $ref: '#/components/schemas/UserPublic' } });
    expect(schemaOf('/api/users/{pk}/', 'get')).to.deep.equal({ $ref: '#/components/schemas/UserPublic' });
    expect(schemaOf('/api/users/me/', 'get')).to.deep.equal({ $ref: '#/components/schemas/User' });
    const { UserPublic, User: Full } = doc.components.schemas;
    expect(UserPublic!.required).to.deep.equal(PUBLIC_KEYS);
    expect(Object.keys(UserPublic!.properties)).to.deep.equal(ALL_KEYS);
    expect(Full!.required).to.deep.equal(ALL_KEYS);
  });
});
