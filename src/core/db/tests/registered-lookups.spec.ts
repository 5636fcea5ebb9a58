/**
 * Lookups an app registers (`registerLookup`) work like the built-in ones: in `Model.filter`, checked against the
 * column kind, and offered by `listQuery` to the fields they apply to.
 */
import { expect } from 'chai';
import { InvalidLookup } from '../../errors/index.js';
import { useTestCase } from '../../testing/index.js';
import { escapeLike, listQuery, registerLookup, unregisterLookup } from '../index.js';
import { KitAuthor as Author } from './models.js';
import { names } from './helpers.js';

describe('registered lookups', () => {
  const t = useTestCase();
  before(() => {
    registerLookup('iexact', { kinds: ['string', 'text'], value: 'text', description: 'equals, ignoring case', build: (v) => ({ $ilike: escapeLike(String(v)) }) });
  });
  after(() => unregisterLookup('iexact'));
  beforeEach(async () => {
    await Author.create({ name: 'Ann Leckie', age: 55 }).save();
    await Author.create({ name: 'ann_leckie', age: 20 }).save();
  });

  it('filters with a registered lookup (`name__iexact`), its value escaped as the build function says', async () => {
    expect(names(await Author.filter({ name__iexact: 'ANN LECKIE' } as never))).to.deep.equal(['Ann Leckie']);
    expect(names(await Author.filter({ name__iexact: 'ann_leckie' } as never))).to.deep.equal(['ann_leckie']);
  });

  it('rejects it on a kind it does not declare, and refuses to replace a built-in lookup', async () => {
    const error = await Author.filter({ age__iexact: 5 } as never).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidLookup);
    expect((error as Error).message).to.equal('Invalid lookup on KitAuthor.age: it does not apply to an integer field.');
    expect(() => registerLookup('gte', { build: (v) => v })).to.throw(InvalidLookup, "Lookup 'gte' already exists.");
    expect(() => registerLookup('Bad-Name', { build: (v) => v })).to.throw(InvalidLookup, /Invalid lookup name/);
  });

  it('is offered by listQuery to the fields it applies to', async () => {
    const query = listQuery(Author, { filters: ['name', 'age'] });
    expect(query.parameters).to.include('name__iexact').and.not.include('age__iexact');
    const params = query.schema.parse({ name__iexact: 'ann leckie' });
    expect(names(await query.run(params))).to.deep.equal(['Ann Leckie']);
    void t;
  });
});
