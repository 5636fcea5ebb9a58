/**
 * The query budget: an authenticated, permission-checked request costs at most one query more than the same request
 * made anonymously. Authentication is one query (the token's registry row with its user, the user's permissions
 * and groups); permission checks then need none.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { Hero } from '../../hero/models/index.js';
import { Group, User } from '../../user/models/index.js';
import { scanEveryResponse } from '../../authentication/tests/no-secrets.js';

describe('query budget of authentication and permission checks', () => {
  const t = useTestCase({ fixtures: ['users', 'heroes'] });
  scanEveryResponse();

  const heroUrl = async (route: string) => t.urlFor(route, { pk: (await Hero.get({ name: 'Superman' }))!.id });
  /** How many statements a request runs. */
  const cost = async (request: () => PromiseLike<{ status: number }>, expectedStatus = 200) => {
    const { result, queries } = await t.captureQueries(async () => request());
    expect(result.status).to.equal(expectedStatus);
    return queries.length;
  };

  it('a public read costs exactly one query more with a token than without (authentication)', async () => {
    const url = await heroUrl('hero-get');
    const anonymous = await cost(() => t.client.get(url));
    await t.client.login('test');
    const authenticated = await cost(() => t.client.get(url));
    expect(authenticated).to.equal(anonymous + 1);
    // In numbers: the hero, and the token with its user, permissions and groups.
    await t.assertNumQueries(2, () => t.client.get(url));
    t.client.logout();
    await t.assertNumQueries(1, () => t.client.get(url));
  });

  it('a permission-checked write costs the same for an admin and for a user holding the permission', async () => {
    const url = await heroUrl('hero-update');
    const body = { name: 'Superman', secret_name: 'Kal-El' };
    await t.client.login('fastapi');
    const admin = await cost(() => t.client.put(url).send(body));

    await t.addPermissions((await User.get({ username: 'test' }))!, ['update:hero']);
    await t.client.login('test');
    const permitted = await cost(() => t.client.put(url).send({ ...body, secret_name: 'Clark Kent' }));
    expect(permitted).to.equal(admin);

    await t.client.login('active');
    await (await Group.get({ name: 'update:hero' }))!.addUser((await User.get({ username: 'active' }))!);
    const byGroup = await cost(() => t.client.put(url).send(body));
    expect(byGroup).to.equal(admin);
  });

  it('the permission check adds nothing over authentication: a checked PATCH costs one query more than the same reads and write done directly', async () => {
    const url = await heroUrl('hero-patch');
    await t.addPermissions((await User.get({ username: 'test' }))!, ['update:hero']);
    await t.client.login('test');
    const checked = await cost(() => t.client.patch(url).send({ age: 30 }));

    t.em.clear();
    const id = (await Hero.get({ name: 'Superman' }))!.id;
    t.em.clear();
    const direct = await t.captureQueries(() => Hero.updateOr404({ id }, { age: 31 }));
    expect(checked).to.equal(direct.queries.length + 1);
    // In numbers: the token with its user, permissions and groups; then the hero's UPDATE … RETURNING.
    expect(checked).to.equal(2);
  });

  it('a refused request costs only the authentication query', async () => {
    await t.client.login('test');
    const url = await heroUrl('hero-delete');
    expect(await cost(() => t.client.delete(url), 403)).to.equal(1);
  });
});
