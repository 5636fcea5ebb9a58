import { expect } from 'chai';
import { countStatements } from '../index.js';
import { useTestCase } from '../../testing/index.js';
import { KitAuthor } from './models.js';

describe('SQL statement counting (the PGlite query path)', () => {
  const cases: Array<[string, number]> = [
    ['select 1', 1],
    ['select 1;', 1],
    ['select 1; select 2', 2],
    [";; select 1 ;; ", 1],
    ["insert into t values ('a;b')", 1],
    ["insert into t values ('it''s; fine')", 1],
    ["insert into t values (E'back\\'slash; still one')", 1],
    ['select "odd;name" from t', 1],
    ['select $$a;b$$', 1],
    ['select $tag$ ; $$ ; $tag$', 1],
    ['select 1 -- a; comment\n', 1],
    ['select 1 /* a; /* nested; */ still; */', 1],
    ['-- only a comment;', 0],
    ['create table a (id int); create table b (id int);', 2],
  ];
  for (const [sql, expected] of cases) {
    it(`counts ${expected} in ${JSON.stringify(sql)}`, () => {
      expect(countStatements(sql)).to.equal(expected);
    });
  }
});

describe('values with SQL punctuation round-trip (PGlite regression)', () => {
  useTestCase();
  const values = ['semi;colon', "quote ' and ; both", 'dollar $$ quoted; $$', 'dash -- comment; not', 'slash /* block; */ end', "E'x;' \\ backslash"];
  for (const value of values) {
    it(`stores and reads back ${JSON.stringify(value)}`, async () => {
      const author = await KitAuthor.create({ name: value }).save();
      expect(author.id).to.be.a('number');
      const found = await KitAuthor.filter({ name: value });
      expect(found.map((a) => a.name)).to.deep.equal([value]);
      const fresh = await KitAuthor.em().fork({ keepTransactionContext: true }).findOneOrFail(KitAuthor, { id: author.id });
      expect(fresh.name).to.equal(value);
    });
  }
});
