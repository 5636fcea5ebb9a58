/**
 * The files `startapp NAME` writes: a working app (model, schemas, CRUD controller, a command, fixtures and a
 * test) that app discovery picks up as it is. Each function returns a file's text.
 */

/** The names derived from an app name (`my_app`). */
export interface AppNames {
  /** Folder, table and fixture model prefix: `my_app`. */
  app: string;
  /** Model class: `MyApp`. */
  model: string;
  /** File names, URL segment and route names: `my-app`. */
  kebab: string;
}

/** `my_app` → `{ app: 'my_app', model: 'MyApp', kebab: 'my-app' }`. */
export function appNames(app: string): AppNames {
  const model = app
    .split('_')
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return { app, model, kebab: app.replace(/_/g, '-') };
}

const modelFile = ({ app, model }: AppNames) => `import { z } from 'zod';
import { BaseTable, Field, Model } from '../../../core/db/index.js';

/**
 * A row of the ${app} app (table \`${app}\`). Change the fields, then write the migration:
 * \`npm run makemigrations -- --name ${app}_fields\`.
 */
@Model({ tableName: '${app}' })
export class ${model} extends BaseTable {
  @Field(z.string().trim().min(1).max(200)) name!: string;
  @Field(z.string().max(2000).nullable().default(null)) description!: string | null;
}
`;

const schemasFile = ({ model, kebab }: AppNames) => `import type { z } from 'zod';
import { ${model} } from './${kebab}.js';

/** POST and PUT bodies: the writable fields (name required). */
export const ${model}Create = ${model}.createSchema();
/** PATCH body: every field optional. */
export const ${model}Update = ${model}.updateSchema();
/** A row as the API returns it. */
export const ${model}Read = ${model}.readSchema();
export type ${model}Create = z.infer<typeof ${model}Create>;
export type ${model}Update = z.infer<typeof ${model}Update>;
`;

const modelsIndex = ({ model, kebab }: AppNames) => `export { ${model} } from './${kebab}.js';
export { ${model}Create, ${model}Read, ${model}Update } from './schemas.js';
`;

const controllerFile = ({ app, model, kebab }: AppNames) => `import { z } from 'zod';
import { Body, Controller, Param, Pk, Query, route } from '../../../core/http/index.js';
import { permissionRequired } from '../../authorization/dependencies/index.js';
import { ${model}, ${model}Create, ${model}Read, ${model}Update } from '../models/index.js';

/** Writing needs \`create|update|delete:${app}\`, held directly or through the same-named group (admins pass). */
const may = (method: 'create' | 'update' | 'delete') => permissionRequired({ permissions: [\`\${method}:${app}\`], groups: [\`\${method}:${app}\`] });

const ListQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});
const NOT_FOUND = '${model} not found.';

/** CRUD of ${app} rows at /api/${kebab}/: reading is public, writing needs a permission. */
@Controller('/${kebab}')
export class ${model}Controller {
  @route.get('/', { name: '${kebab}-list', response: z.array(${model}Read), summary: 'List ${app} rows' })
  list(@Query(ListQuery) query: z.infer<typeof ListQuery>) {
    return ${model}.all({ offset: query.offset, limit: query.limit, orderBy: 'id' });
  }

  @route.get('/:pk', { name: '${kebab}-get', response: ${model}Read, responses: { 404: NOT_FOUND }, summary: 'Get a ${app} row' })
  get(@Param('pk', Pk) pk: number) {
    return ${model}.getOr404({ id: pk }, NOT_FOUND);
  }

  @route.post('/', { name: '${kebab}-create', status: 201, dependencies: [may('create')], response: ${model}Read, summary: 'Create a ${app} row' })
  create(@Body(${model}Create) data: ${model}Create) {
    return ${model}.create(data).save();
  }

  @route.put('/:pk', { name: '${kebab}-update', dependencies: [may('update')], response: ${model}Read, responses: { 404: NOT_FOUND }, summary: 'Replace a ${app} row' })
  async update(@Param('pk', Pk) pk: number, @Body(${model}Create) data: ${model}Create) {
    const row = await ${model}.getOr404({ id: pk }, NOT_FOUND);
    return row.assign(data).save();
  }

  @route.patch('/:pk', { name: '${kebab}-patch', dependencies: [may('update')], response: ${model}Read, responses: { 404: NOT_FOUND }, summary: 'Update some fields of a ${app} row' })
  async patch(@Param('pk', Pk) pk: number, @Body(${model}Update) data: ${model}Update) {
    const row = await ${model}.getOr404({ id: pk }, NOT_FOUND);
    return row.assign(data).save();
  }

  @route.delete('/:pk', { name: '${kebab}-delete', status: 204, dependencies: [may('delete')], responses: { 404: NOT_FOUND }, summary: 'Delete a ${app} row' })
  async remove(@Param('pk', Pk) pk: number) {
    const row = await ${model}.getOr404({ id: pk }, NOT_FOUND);
    await row.delete();
  }
}
`;

const routersIndex = ({ model, kebab }: AppNames) => `import { Router } from '../../../core/http/index.js';
import { ${model}Controller } from './${kebab}.js';

/** Mounted under /api. */
export const routers = Router({ tags: ['${model}'] }, ${model}Controller);
`;

const commandsIndex = ({ app, model }: AppNames) => `import { Command, withDatabase } from '../../../core/cli/index.js';
import { ${model} } from '../models/index.js';

/** \`npm run manage -- ${app} count\`: how many rows the table holds. Every exported Command is a subcommand. */
export const count = new Command('count')
  .description('Print the number of ${app} rows.')
  .action(() => withDatabase(async () => console.log(await ${model}.count())));
`;

const initialFixture = ({ app, model }: AppNames) => `# Sample data: npm run seed -- --apps ${app} (or add initial-${app} to INITIAL_FIXTURES).
- model: ${app}.${model}
  properties: { name: First ${app}, description: Created by startapp }
`;

const testFixture = ({ app, model }: AppNames) => `# Loaded by the app's tests: useTestCase({ fixtures: ['${app}'] }).
- model: ${app}.${model}
  properties: { name: Alpha, description: The first one }
- model: ${app}.${model}
  properties: { name: Beta }
`;

const testFile = ({ app, model, kebab }: AppNames) => `import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { ${model} } from '../models/index.js';

describe('${app} API', () => {
  // 'users' (the user app's test fixture) has the admin 'fastapi', who may write.
  const t = useTestCase({ fixtures: ['users', '${app}'] });

  it('lists rows to anyone, in id order', async () => {
    const res = await t.client.get(t.urlFor('${kebab}-list'));
    expect(res.status).to.equal(200);
    expect(res.body.map((row: { name: string }) => row.name)).to.deep.equal(['Alpha', 'Beta']);
    expect(Object.keys(res.body[0])).to.deep.equal(['id', 'created_at', 'updated_at', 'name', 'description']);
  });

  it('refuses writes without a token', async () => {
    const res = await t.client.post(t.urlFor('${kebab}-create')).send({ name: 'Gamma' });
    expect(res.status).to.equal(401);
    expect(await ${model}.count()).to.equal(2);
  });

  it('creates, reads, updates and deletes a row as an admin', async () => {
    await t.client.login('fastapi');
    const created = await t.client.post(t.urlFor('${kebab}-create')).send({ name: 'Gamma', description: 'Third' });
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ name: 'Gamma', description: 'Third' });
    const pk = created.body.id as number;
    expect((await t.client.get(t.urlFor('${kebab}-get', { pk }))).body.name).to.equal('Gamma');
    const patched = await t.client.patch(t.urlFor('${kebab}-patch', { pk })).send({ description: null });
    expect(patched.status).to.equal(200);
    expect(patched.body).to.include({ name: 'Gamma', description: null });
    const replaced = await t.client.put(t.urlFor('${kebab}-update', { pk })).send({ name: 'Delta' });
    expect(replaced.body).to.include({ name: 'Delta' });
    expect((await t.client.delete(t.urlFor('${kebab}-delete', { pk }))).status).to.equal(204);
    expect(await ${model}.count()).to.equal(2);
  });

  it('answers 404 for a missing row and 422 for a bad body', async () => {
    await t.client.login('fastapi');
    const missing = await t.client.get(t.urlFor('${kebab}-get', { pk: 999999 }));
    expect(missing.status).to.equal(404);
    expect(missing.body).to.deep.equal({ detail: '${model} not found.' });
    const bad = await t.client.post(t.urlFor('${kebab}-create')).send({ name: '' });
    expect(bad.status).to.equal(422);
    expect(bad.body.detail[0].loc).to.deep.equal(['body', 'name']);
  });
});
`;

/** Every file of a new app, by path relative to its folder. */
export function appFiles(app: string): Record<string, string> {
  const names = appNames(app);
  return {
    [`models/${names.kebab}.ts`]: modelFile(names),
    'models/schemas.ts': schemasFile(names),
    'models/index.ts': modelsIndex(names),
    [`routers/${names.kebab}.ts`]: controllerFile(names),
    'routers/index.ts': routersIndex(names),
    'commands/index.ts': commandsIndex(names),
    [`fixtures/initial-${app}.yaml`]: initialFixture(names),
    [`fixtures/test/${app}.yaml`]: testFixture(names),
    [`tests/${names.kebab}.spec.ts`]: testFile(names),
  };
}
