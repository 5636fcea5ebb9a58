/**
 * Django-style lookups: `field` is equality, `field__op` applies an operator,
 * `relation__field[__op]` goes through relations. Bad lookups are InvalidLookup (400) before any SQL runs.
 */
import { expect } from 'chai';
import { InvalidLookup } from '../../errors/index.js';
import { useTestCase } from '../../testing/index.js';
import type { Filters } from '../index.js';
import { KitAuthor, KitBook, KitPublisher } from './models.js';
import { lookups, names, rejects, titles } from './helpers.js';

describe('lookups', () => {
  const t = useTestCase();

  /** Three authors covering strings (mixed case), ints, doubles, booleans, dates, enums and nulls. */
  let ann: KitAuthor;
  let anna: KitAuthor;
  let bob: KitAuthor;
  beforeEach(async () => {
    ann = await KitAuthor.create({ name: 'Ann Leckie', email: 'ann@example.com', age: 55, rating: 4.5, born_at: '1966-03-02T00:00:00.000Z', status: 'published' }).save();
    anna = await KitAuthor.create({ name: 'anna karenina', age: 28, rating: 3, active: false, born_at: '1995-07-14T12:00:00.000Z' }).save();
    bob = await KitAuthor.create({ name: 'Bob Dylan', status: 'archived' }).save();
  });

  /** Names of the authors matching `filters`, in id order. */
  const authors = async (filters: Filters<KitAuthor>) => names(await KitAuthor.filter(filters));

  describe('on strings', () => {
    it('equals (the default) and not_equals are exact and case-sensitive', async () => {
      expect(await authors({ name: 'Ann Leckie' })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ name__equals: 'Ann Leckie' })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ name: 'ann leckie' })).to.deep.equal([]);
      expect(await authors({ name__not_equals: 'Ann Leckie' })).to.deep.equal(['anna karenina', 'Bob Dylan']);
    });

    it('in and not_in take a list', async () => {
      expect(await authors({ name__in: ['Bob Dylan', 'Ann Leckie', 'nobody'] })).to.deep.equal(['Ann Leckie', 'Bob Dylan']);
      expect(await authors({ name__not_in: ['Bob Dylan', 'nobody'] })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ name__in: [] })).to.deep.equal([]);
      expect(await authors({ name__not_in: [] })).to.deep.equal(['Ann Leckie', 'anna karenina', 'Bob Dylan']);
    });

    it('gt, gte, lt and lte compare text', async () => {
      // status values are lower case, so the order is the same under every collation.
      expect(await authors({ status__gt: 'draft' })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ status__gte: 'draft' })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ status__lt: 'draft' })).to.deep.equal(['Bob Dylan']);
      expect(await authors({ status__lte: 'draft' })).to.deep.equal(['anna karenina', 'Bob Dylan']);
    });

    it('contains is case-sensitive, icontains is not', async () => {
      expect(await authors({ name__contains: 'Ann' })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ name__contains: 'ann' })).to.deep.equal(['anna karenina']);
      expect(await authors({ name__icontains: 'ANN' })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ name__icontains: 'lan' })).to.deep.equal(['Bob Dylan']);
    });

    it('not_contains and not_icontains exclude the matches', async () => {
      expect(await authors({ name__not_contains: 'Ann' })).to.deep.equal(['anna karenina', 'Bob Dylan']);
      expect(await authors({ name__not_icontains: 'ann' })).to.deep.equal(['Bob Dylan']);
      expect(await authors({ name__not_icontains: 'ann', name__not_contains: 'Bob' })).to.deep.equal([]);
      expect(await authors({ name__not_contains: 'Ann', age__gt: 20 })).to.deep.equal(['anna karenina']);
    });

    it('startswith/istartswith and endswith/iendswith anchor the text', async () => {
      expect(await authors({ name__startswith: 'Ann' })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ name__startswith: 'Leckie' })).to.deep.equal([]);
      expect(await authors({ name__istartswith: 'ann' })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ name__endswith: 'Dylan' })).to.deep.equal(['Bob Dylan']);
      expect(await authors({ name__endswith: 'dylan' })).to.deep.equal([]);
      expect(await authors({ name__iendswith: 'DYLAN' })).to.deep.equal(['Bob Dylan']);
      expect(await authors({ name__endswith: 'Bob' })).to.deep.equal([]);
    });

    it('isnull tells null from any value', async () => {
      expect(await authors({ email__isnull: true })).to.deep.equal(['anna karenina', 'Bob Dylan']);
      expect(await authors({ email__isnull: false })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ email: null })).to.deep.equal(['anna karenina', 'Bob Dylan']);
    });
  });

  describe('on numbers and booleans', () => {
    it('equals, not_equals, in and not_in; null rows never match a comparison with a value (SQL semantics)', async () => {
      expect(await authors({ age: 55 })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ age__not_equals: 55 })).to.deep.equal(['anna karenina']);
      expect(await authors({ age__in: [28, 55, 99] })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ age__not_in: [28] })).to.deep.equal(['Ann Leckie']);
    });

    it('gt, gte, lt, lte', async () => {
      expect(await authors({ age__gt: 28 })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ age__gte: 28 })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ age__lt: 55 })).to.deep.equal(['anna karenina']);
      expect(await authors({ age__lte: 55 })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ rating__gt: 3 })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ rating__lte: 3 })).to.deep.equal(['anna karenina', 'Bob Dylan']);
      expect(await authors({ rating: 4.5 })).to.deep.equal(['Ann Leckie']);
    });

    it('isnull', async () => {
      expect(await authors({ age__isnull: true })).to.deep.equal(['Bob Dylan']);
      expect(await authors({ age__isnull: false })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ age: null })).to.deep.equal(['Bob Dylan']);
    });

    it('accepts numbers and booleans written as strings (query strings)', async () => {
      expect(await authors({ age: '55' })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ age__in: ['28', 55] })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ active: 'false' })).to.deep.equal(['anna karenina']);
      expect(await authors({ age__isnull: 'true' })).to.deep.equal(['Bob Dylan']);
    });

    it('compares booleans', async () => {
      expect(await authors({ active: true })).to.deep.equal(['Ann Leckie', 'Bob Dylan']);
      expect(await authors({ active__not_equals: true })).to.deep.equal(['anna karenina']);
    });

    it('filters on id', async () => {
      expect(await authors({ id: bob.id })).to.deep.equal(['Bob Dylan']);
      expect(await authors({ id__in: [ann.id, bob.id] })).to.deep.equal(['Ann Leckie', 'Bob Dylan']);
      expect(await authors({ id__gt: ann.id })).to.deep.equal(['anna karenina', 'Bob Dylan']);
    });
  });

  describe('on dates', () => {
    it('compares with Date objects or ISO strings', async () => {
      expect(await authors({ born_at: new Date('1995-07-14T12:00:00Z') })).to.deep.equal(['anna karenina']);
      expect(await authors({ born_at: '1995-07-14T14:00:00+02:00' })).to.deep.equal(['anna karenina']);
      expect(await authors({ born_at__lt: '1970-01-01T00:00:00Z' })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ born_at__gte: '1966-03-02T00:00:00Z' })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ born_at__gt: '1966-03-02T00:00:00Z' })).to.deep.equal(['anna karenina']);
      expect(await authors({ born_at__lte: new Date('1995-07-14T11:59:59Z') })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ born_at__not_equals: new Date('1966-03-02T00:00:00Z') })).to.deep.equal(['anna karenina']);
      expect(await authors({ born_at__in: ['1966-03-02T00:00:00Z', new Date('1995-07-14T12:00:00Z')] })).to.deep.equal(['Ann Leckie', 'anna karenina']);
      expect(await authors({ born_at__isnull: true })).to.deep.equal(['Bob Dylan']);
    });

    it('filters on the timestamps (wire or property names)', async () => {
      const later = new Date(Date.now() + 60_000);
      expect(await authors({ created_at__lt: later })).to.have.length(3);
      expect(await authors({ createdAt__gt: later })).to.deep.equal([]);
      expect(await authors({ updated_at__isnull: true })).to.have.length(3);
      await anna.assign({ age: 29 }).save();
      expect(await authors({ updated_at__isnull: false })).to.deep.equal(['anna karenina']);
    });
  });

  describe('on enums and JSON', () => {
    it('compares an enum with one of its values', async () => {
      expect(await authors({ status: 'draft' })).to.deep.equal(['anna karenina']);
      expect(await authors({ status__in: ['published', 'archived'] })).to.deep.equal(['Ann Leckie', 'Bob Dylan']);
      expect(await authors({ status__startswith: 'arch' })).to.deep.equal(['Bob Dylan']);
    });

    it('allows only isnull on a JSON field', async () => {
      expect(await authors({ tags__isnull: false })).to.have.length(3);
      await rejects(() => KitAuthor.filter({ tags__contains: 'x' }), InvalidLookup);
      await rejects(() => KitAuthor.filter({ tags: ['x'] }), InvalidLookup);
    });
  });

  describe('combined', () => {
    it('ANDs lookups, two on one field included', async () => {
      expect(await authors({ name__icontains: 'ann', age__gt: 30 })).to.deep.equal(['Ann Leckie']);
      expect(await authors({ age__gte: 20, age__lte: 30 })).to.deep.equal(['anna karenina']);
      expect(await authors({ born_at__gt: '1960-01-01T00:00:00Z', born_at__lt: '1970-01-01T00:00:00Z' })).to.deep.equal(['Ann Leckie']);
    });

    it('skips lookups whose value is undefined', async () => {
      expect(await authors({ name: undefined, age__gt: undefined })).to.have.length(3);
    });

    it('apply to count, exists, get, first, values and paginate alike', async () => {
      expect(await KitAuthor.count({ name__istartswith: 'ann' })).to.equal(2);
      expect(await KitAuthor.exists({ age__gt: 100 })).to.equal(false);
      expect(await KitAuthor.get({ age__lt: 30 })).to.equal(anna);
      expect(await KitAuthor.first({ status__in: ['archived'] })).to.equal(bob);
      expect(await KitAuthor.values(['name'], { rating__gt: 4 })).to.deep.equal([{ name: 'Ann Leckie' }]);
      expect((await KitAuthor.paginate({ size: 1 }, { active: true })).total).to.equal(2);
    });
  });

  describe('LIKE metacharacters', () => {
    beforeEach(async () => {
      for (const name of ['100% sure', '100 percent', 'snake_case', 'snakeXcase', 'back\\slash', 'backslash']) await KitAuthor.create({ name }).save();
    });

    it('matches % literally', async () => {
      expect(await authors({ name__contains: '%' })).to.deep.equal(['100% sure']);
      expect(await authors({ name__startswith: '100%' })).to.deep.equal(['100% sure']);
      expect(await authors({ name__iendswith: '0% SURE' })).to.deep.equal(['100% sure']);
    });

    it('matches _ literally', async () => {
      expect(await authors({ name__contains: 'e_c' })).to.deep.equal(['snake_case']);
      expect(await authors({ name__icontains: '_' })).to.deep.equal(['snake_case']);
    });

    it('matches \\ literally', async () => {
      expect(await authors({ name__contains: '\\' })).to.deep.equal(['back\\slash']);
      expect(await authors({ name__icontains: 'K\\S' })).to.deep.equal(['back\\slash']);
      expect(await authors({ name__not_contains: '\\' })).to.not.include('back\\slash');
    });
  });

  describe('SQL metacharacters in values', () => {
    const tricky = ["'; drop table kit_author; --", "O'Brien", 'say "hi"', '$$ dollar $$', '$tag$ x $tag$', 'semi;colon', "back\\'slash", '/* not a comment */'];

    it('are stored and matched literally', async () => {
      for (const name of tricky) await KitAuthor.create({ name }).save();
      t.em.clear();

      for (const name of tricky) {
        const found = await KitAuthor.getOr404({ name });
        expect(found.name).to.equal(name);
        expect(await authors({ name__contains: name })).to.deep.equal([name]);
      }
      expect(await authors({ name__in: tricky })).to.have.members(tricky);
      expect(await authors({ name__icontains: "'; DROP" })).to.deep.equal([tricky[0]]);
      expect(await KitAuthor.count()).to.equal(3 + tricky.length);
    });
  });

  describe('through relations', () => {
    let penguin: KitPublisher;
    let tor: KitPublisher;
    beforeEach(async () => {
      penguin = await KitPublisher.create({ name: 'Penguin' }).save();
      tor = await KitPublisher.create({ name: 'Tor' }).save();
      await KitBook.create({ title: 'Ancillary Justice', publisher: tor, author: ann }).save();
      await KitBook.create({ title: 'Ancillary Sword', publisher: tor, author: ann }).save();
      await KitBook.create({ title: 'Anna Karenina', publisher: penguin, author: anna }).save();
      await KitBook.create({ title: 'Anonymous', publisher: penguin, author: null }).save();
    });

    const books = async (filters: Filters<KitBook>) => titles(await KitBook.filter(filters));

    it('follow a relation to a field of the related row (publisher__name, author__name__icontains)', async () => {
      expect(await books({ publisher__name: 'Penguin' })).to.deep.equal(['Anna Karenina', 'Anonymous']);
      expect(await books({ author__name__icontains: 'LECKIE' })).to.deep.equal(['Ancillary Justice', 'Ancillary Sword']);
      expect(await books({ author__age__lt: 30, publisher__name__startswith: 'Pen' })).to.deep.equal(['Anna Karenina']);
      expect(await books({ author__id: anna.id })).to.deep.equal(['Anna Karenina']);
      // A book without an author has no name to compare: it matches neither the lookup nor its negation.
      expect(await books({ author__name__not_icontains: 'leckie' })).to.deep.equal(['Anna Karenina']);
      expect(await books({ publisher__name__not_contains: 'Tor', title__not_icontains: 'anon' })).to.deep.equal(['Anna Karenina']);
    });

    it('compare a relation with an entity, an id (also as author_id) or null', async () => {
      expect(await books({ author: ann })).to.deep.equal(['Ancillary Justice', 'Ancillary Sword']);
      expect(await books({ author: anna.id })).to.deep.equal(['Anna Karenina']);
      expect(await books({ author_id: anna.id })).to.deep.equal(['Anna Karenina']);
      expect(await books({ author: String(anna.id) })).to.deep.equal(['Anna Karenina']);
      expect(await books({ author: null })).to.deep.equal(['Anonymous']);
      expect(await books({ author__isnull: true })).to.deep.equal(['Anonymous']);
      expect(await books({ author_id__isnull: false })).to.have.length(3);
      expect(await books({ author__in: [anna, ann.id] })).to.have.length(3);
      expect(await books({ author__not_equals: ann })).to.deep.equal(['Anna Karenina']);
      expect(await books({ publisher: tor, author: ann })).to.have.length(2);
      expect(await books({ author: bob })).to.deep.equal([]);
    });

    it('go from the one side to the many side, each row once (books__title)', async () => {
      expect(names(await KitAuthor.filter({ books__title__startswith: 'Ancillary' } as Filters<KitAuthor>))).to.deep.equal(['Ann Leckie']);
      expect(await KitAuthor.count({ books__title__startswith: 'An' } as Filters<KitAuthor>)).to.equal(2);
      expect(names(await KitPublisher.filter({ books__author__name: 'anna karenina' } as Filters<KitPublisher>))).to.deep.equal(['Penguin']);
    });
  });

  describe('errors', () => {
    /** Checks the lookup throws InvalidLookup without sending any SQL, and returns its message. */
    const invalid = async (filters: Record<string, unknown>, model: typeof KitAuthor | typeof KitBook = KitAuthor): Promise<string> => {
      const { result: error, queries } = await t.captureQueries(() => rejects(() => (model as typeof KitAuthor).filter(lookups<KitAuthor>(filters)), InvalidLookup));
      expect(queries, `${JSON.stringify(filters)} reached SQL`).to.deep.equal([]);
      expect(error.status).to.equal(400);
      expect(error.code).to.equal('invalid_lookup');
      return error.message;
    };

    it('an unknown field names the model and the known fields', async () => {
      const message = await invalid({ nickname: 'x' });
      expect(message).to.equal(
        "Model KitAuthor does not have any field named 'nickname'. Retry with one of: id, created_at, updated_at, name, email, age, rating, active, born_at, status, tags, secret_note.",
      );
      expect(await invalid({ nickname__icontains: 'x' })).to.contain("Model KitAuthor does not have any field named 'nickname'");
    });

    it('an unknown field behind a relation names the related model', async () => {
      expect(await invalid({ author__nickname: 'x' }, KitBook)).to.contain("Model KitAuthor does not have any field named 'nickname'");
      expect(await invalid({ publisher__books__nope: 1 }, KitBook)).to.contain("Model KitBook does not have any field named 'nope'");
    });

    it('an unknown operator is "Invalid operator: <op>"', async () => {
      expect(await invalid({ name__like: 'x' })).to.equal('Invalid operator: like');
      expect(await invalid({ age__between: [1, 2] })).to.equal('Invalid operator: between');
      expect(await invalid({ name__icontains__x: 'y' })).to.equal('Invalid operator: icontains__x');
      expect(await invalid({ author_id__name: 'x' }, KitBook)).to.equal('Invalid operator: name');
    });

    it('an empty operator (field__) is an invalid operator', async () => {
      expect(await invalid({ name__: 'x' })).to.equal('Invalid operator: name__');
      expect(await invalid({ author____name: 'x' }, KitBook)).to.equal('Invalid operator: author____name');
    });

    it('a value of the wrong type is rejected, never sent to SQL', async () => {
      expect(await invalid({ age: 'abc' })).to.equal('Invalid value for KitAuthor.age: expected an integer, got "abc".');
      for (const filters of [
        { age: 1.5 },
        { age: 2 ** 31 },
        { age: true },
        { age__gt: '' },
        { rating: 'high' },
        { id: 'x' },
        { born_at: 'not a date' },
        { born_at__gt: {} },
        { active: 'yes' },
        { name: ['Ann'] },
        { name: { $ne: '' } },
        { name__contains: ['x'] },
        { age__isnull: 'maybe' },
      ]) {
        await invalid(filters);
      }
      for (const filters of [{ author: 'abc' }, { author: { $ne: null } }, { author: { name: 'x' } }, { author_id: 1.5 }, { author__in: ['x'] }]) {
        await invalid(filters, KitBook);
      }
    });

    it('in and not_in need a list', async () => {
      expect(await invalid({ name__in: 'Ann Leckie' })).to.equal("Invalid value for KitAuthor.name__in: 'in' expects a list.");
      await invalid({ age__not_in: 55 });
      await invalid({ age__in: [55, 'x'] });
    });

    it('text operators apply to text fields only', async () => {
      await invalid({ age__contains: 5 });
      await invalid({ born_at__startswith: '19' });
      await invalid({ active__icontains: 'tr' });
      await invalid({ author__icontains: 'x' }, KitBook);
    });

    it('an order on an unknown field or a collection is rejected too', async () => {
      await rejects(() => KitAuthor.filter({}, { orderBy: 'nope' as 'name' }), InvalidLookup);
      await rejects(() => KitAuthor.filter({}, { orderBy: 'books' as 'name' }), InvalidLookup);
      await rejects(() => KitBook.filter({}, { orderBy: 'author__nope' }), InvalidLookup);
    });

    it('leave the transaction usable', async () => {
      await invalid({ age: 'abc' });
      expect(await KitAuthor.count()).to.equal(3);
    });
  });
});
