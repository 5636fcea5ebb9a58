/**
 * The schema check of `serve` and `migrate`: the database the run migrated matches the models, and each kind of
 * difference is named in words a user understands (the model, the column and the property it comes from).
 * The database's schema is read for real; the differences are made by changing what was read.
 */
import { expect } from 'chai';
import { getOrm } from '../index.js';
import { compareSchemas, databaseDrift, databaseSchema, modelSchema } from '../schema-drift.js';
import './models.js'; // the kit_* test models, compared like any other

describe('schema drift: the database against the models', () => {
  it('finds nothing in the database the migrations built (and the test models filled in)', async () => {
    expect(await databaseDrift()).to.deep.equal([]);
  });

  it('names a column the database lacks, with the property it comes from, and one the model lacks', async () => {
    const orm = getOrm();
    const models = modelSchema(orm);
    const database = await databaseSchema(orm, models);
    const authors = database.getTable('kit_author')!;
    authors.removeColumn('born_at');
    authors.addColumn({ ...authors.getColumn('email')!, name: 'nickname' });
    expect(compareSchemas(orm, database, models, 'in the database')).to.deep.equal([
      'model KitAuthor: column born_at (bornAt) missing in the database',
      'model KitAuthor: column nickname in the database is not in the model',
    ]);
  });

  it('names a table the database lacks and one no model has, and a column whose type differs', async () => {
    const orm = getOrm();
    const models = modelSchema(orm);
    const database = await databaseSchema(orm, models);
    const tables = database.getTables();
    const hero = tables.findIndex((table) => table.name === 'hero');
    tables.splice(hero, 1);
    const age = database.getTable('kit_author')!.getColumn('age')!;
    Object.assign(age, { type: 'text', mappedType: models.getTable('kit_author')!.getColumn('name')!.mappedType });
    const obsolete = database.getTable('kit_publisher')!;
    Object.assign(obsolete, { name: 'kit_obsolete' });
    const lines = compareSchemas(orm, database, models, 'in the database');
    expect(lines).to.include('model Hero: table hero missing in the database');
    expect(lines).to.include('table kit_obsolete in the database has no model');
    expect(lines).to.include('model KitPublisher: table kit_publisher missing in the database');
    expect(lines.find((line) => line.startsWith('model KitAuthor: column age differs in the database ('))).to.be.a('string');
  });

  it('says "not in any migration" when comparing with what the migrations build', async () => {
    const orm = getOrm();
    const models = modelSchema(orm);
    const built = await databaseSchema(orm, models);
    built.getTable('kit_author')!.removeColumn('rating');
    expect(compareSchemas(orm, built, models, 'in the migrations')).to.deep.equal(['model KitAuthor: column rating not in any migration']);
  });
});
