/**
 * The zod schemas derived from a model (create, update, read) and `toJSON`: the wire format is snake_case,
 * relations are `<relation>_id`, hidden fields are writable but never read, dates are ISO-8601 in UTC.
 */
import { expect } from 'chai';
import { useTestCase } from '../../testing/index.js';
import { KitAuthor, KitBook, KitPublisher } from './models.js';
import { ISO_UTC } from './helpers.js';

/** The paths of the issues of a failed parse, as dotted strings. */
function issuePaths(result: { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }> } }): string[] {
  expect(result.success, 'expected the parse to fail').to.equal(false);
  return result.error!.issues.map((issue) => issue.path.map(String).join('.'));
}

describe('schemas', () => {
  const t = useTestCase();

  describe('createSchema', () => {
    it('has the writable fields under their wire names, hidden ones included, collections excluded', () => {
      expect(Object.keys(KitAuthor.createSchema().shape)).to.have.members(['name', 'email', 'age', 'rating', 'active', 'born_at', 'status', 'tags', 'secret_note']);
      expect(Object.keys(KitBook.createSchema().shape)).to.have.members(['title', 'summary', 'author_id', 'publisher_id']);
    });

    it('applies the defaults of the fields not sent', () => {
      expect(KitAuthor.createSchema().parse({ name: 'Ann' })).to.deep.equal({
        name: 'Ann',
        email: null,
        age: null,
        rating: 0,
        active: true,
        born_at: null,
        status: 'draft',
        tags: [],
        secret_note: null,
      });
      expect(KitBook.createSchema().parse({ title: 'T', publisher_id: 1 })).to.deep.equal({ title: 'T', summary: null, publisher_id: 1 });
    });

    it('accepts the hidden field secret_note', () => {
      expect(KitAuthor.createSchema().parse({ name: 'Ann', secret_note: 'shy' }).secret_note).to.equal('shy');
    });

    it('parses born_at from an ISO string into a Date', () => {
      const body = KitAuthor.createSchema().parse({ name: 'Ann', born_at: '1990-05-01T02:00:00+02:00' });
      expect(body.born_at).to.be.instanceOf(Date);
      expect(body.born_at!.toISOString()).to.equal('1990-05-01T00:00:00.000Z');
    });

    it('requires the fields without a default; a required relation is a positive integer id', () => {
      expect(issuePaths(KitAuthor.createSchema().safeParse({}))).to.deep.equal(['name']);
      expect(issuePaths(KitBook.createSchema().safeParse({}))).to.have.members(['title', 'publisher_id']);
      for (const publisher_id of [0, -1, 1.5, '1', null]) {
        expect(issuePaths(KitBook.createSchema().safeParse({ title: 'T', publisher_id }))).to.deep.equal(['publisher_id']);
      }
      expect(KitBook.createSchema().parse({ title: 'T', publisher_id: 1, author_id: null }).author_id).to.equal(null);
    });

    it('reports errors under the wire names', () => {
      const result = KitAuthor.createSchema().safeParse({ name: '', born_at: 'not a date', age: -1, status: 'lost', secret_note: 'x'.repeat(201) });
      expect(issuePaths(result)).to.have.members(['name', 'born_at', 'age', 'status', 'secret_note']);
    });

    it('strips unknown keys and camelCase keys', () => {
      const body = KitAuthor.createSchema().parse({ name: 'Ann', nickname: 'A', bornAt: '1990-05-01T00:00:00Z', secretNote: 'x', id: 9 });
      expect(body).to.not.have.any.keys('nickname', 'bornAt', 'secretNote', 'id');
      expect(body.born_at).to.equal(null);
      expect(body.secret_note).to.equal(null);
      expect(KitBook.createSchema().parse({ title: 'T', publisher_id: 1, publisherId: 2, author: 3 })).to.deep.equal({ title: 'T', summary: null, publisher_id: 1 });
    });

    it('gives a body that Model.create takes as is', async () => {
      const publisher = await KitPublisher.create({ name: 'P' }).save();
      const body = KitBook.createSchema().parse({ title: 'T', publisher_id: publisher.id });
      const book = await KitBook.create(body).save();
      expect(book.publisher).to.equal(publisher);
      expect(book.author).to.equal(null);
    });
  });

  describe('updateSchema', () => {
    it('makes every field optional and applies no default', () => {
      expect(KitAuthor.updateSchema().parse({})).to.deep.equal({});
      expect(KitAuthor.updateSchema().parse({ rating: 2 })).to.deep.equal({ rating: 2 });
      expect(KitBook.updateSchema().parse({ summary: null })).to.deep.equal({ summary: null });
    });

    it('still validates what is sent, under the wire names', () => {
      expect(issuePaths(KitAuthor.updateSchema().safeParse({ name: '', age: 'old' }))).to.have.members(['name', 'age']);
      expect(issuePaths(KitBook.updateSchema().safeParse({ publisher_id: null }))).to.deep.equal(['publisher_id']);
      expect(KitBook.updateSchema().parse({ author_id: null })).to.deep.equal({ author_id: null });
    });

    it('strips unknown keys and camelCase keys', () => {
      expect(KitAuthor.updateSchema().parse({ age: 3, nickname: 'A', bornAt: '1990-05-01T00:00:00Z' })).to.deep.equal({ age: 3 });
    });

    it('gives a body that assign applies without resetting other fields', async () => {
      const ann = await KitAuthor.create({ name: 'Ann', rating: 4, status: 'published' }).save();
      await ann.assign(KitAuthor.updateSchema().parse({ age: 40 })).save();
      await ann.refresh();
      expect(ann).to.include({ name: 'Ann', age: 40, rating: 4, status: 'published' });
    });
  });

  describe('readSchema', () => {
    it('has the system fields and every field but the hidden ones', () => {
      expect(Object.keys(KitAuthor.readSchema().shape)).to.have.members(['id', 'created_at', 'updated_at', 'name', 'email', 'age', 'rating', 'active', 'born_at', 'status', 'tags']);
      expect(Object.keys(KitBook.readSchema().shape)).to.have.members(['id', 'created_at', 'updated_at', 'title', 'summary', 'author_id', 'publisher_id']);
    });

    it('validates toJSON output, and strips a hidden field', async () => {
      const ann = await KitAuthor.create({ name: 'Ann', born_at: '1990-05-01T00:00:00Z' }).save();
      expect(KitAuthor.readSchema().parse(ann.toJSON())).to.deep.equal(ann.toJSON());
      expect(KitAuthor.readSchema().parse({ ...ann.toJSON(), secret_note: 'x' })).to.not.have.property('secret_note');
    });

    it('wants dates as ISO strings', async () => {
      const ann = await KitAuthor.create({ name: 'Ann' }).save();
      expect(issuePaths(KitAuthor.readSchema().safeParse({ ...ann.toJSON(), created_at: ann.createdAt }))).to.deep.equal(['created_at']);
      expect(issuePaths(KitAuthor.readSchema().safeParse({ ...ann.toJSON(), born_at: 'yesterday' }))).to.deep.equal(['born_at']);
    });
  });

  describe('toJSON', () => {
    it('is the row under wire names, without hidden fields, dates as ISO-8601 UTC strings', async () => {
      const ann = await KitAuthor.create({ name: 'Ann', secret_note: 'shy', born_at: '1966-03-02T01:00:00+01:00', tags: ['sf'] }).save();

      const json = ann.toJSON();

      expect(json).to.deep.equal({
        id: ann.id,
        created_at: ann.createdAt.toISOString(),
        updated_at: null,
        name: 'Ann',
        email: null,
        age: null,
        rating: 0,
        active: true,
        born_at: '1966-03-02T00:00:00.000Z',
        status: 'draft',
        tags: ['sf'],
      });
      expect(json.created_at).to.match(ISO_UTC);
      expect(json).to.not.have.property('secret_note');
      expect(json).to.not.have.property('secretNote');
    });

    it('writes updated_at once the row was updated', async () => {
      const ann = await KitAuthor.create({ name: 'Ann' }).save();
      await ann.assign({ age: 1 }).save();
      expect(ann.toJSON().updated_at).to.match(ISO_UTC);
    });

    it('writes relations as ids (null when unset)', async () => {
      const publisher = await KitPublisher.create({ name: 'P' }).save();
      const ann = await KitAuthor.create({ name: 'Ann' }).save();
      const book = await KitBook.create({ title: 'T', publisher, author: ann }).save();
      const anonymous = await KitBook.create({ title: 'A', publisher }).save();

      expect(book.toJSON()).to.deep.equal({
        id: book.id,
        created_at: book.createdAt.toISOString(),
        updated_at: null,
        title: 'T',
        summary: null,
        author_id: ann.id,
        publisher_id: publisher.id,
      });
      expect(anonymous.toJSON().author_id).to.equal(null);
    });

    it('is what JSON.stringify writes', async () => {
      const publisher = await KitPublisher.create({ name: 'P' }).save();
      const ann = await KitAuthor.create({ name: 'Ann', secret_note: 'shy', born_at: '1990-05-01T00:00:00Z' }).save();
      const book = await KitBook.create({ title: 'T', publisher, author: ann }).save();
      for (const entity of [ann, book, publisher]) {
        expect(JSON.parse(JSON.stringify(entity))).to.deep.equal(entity.toJSON());
      }
      expect(JSON.stringify(ann)).to.not.contain('shy');
    });

    it('is the same after a round trip through the database', async () => {
      const ann = await KitAuthor.create({ name: 'Ann', born_at: '1990-05-01T12:34:56.789Z', rating: 2.5 }).save();
      const before = ann.toJSON();
      t.em.clear();
      expect((await KitAuthor.getOr404({ id: ann.id })).toJSON()).to.deep.equal(before);
    });
  });
});
