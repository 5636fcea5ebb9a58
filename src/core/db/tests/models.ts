/** Models used only by the model-layer tests (app `kit`); they cover every column kind and relation kind. */
import { z } from 'zod';
import { BaseTable, Collection, Field, KeyedLinks, ManyToMany, ManyToOne, Model, OneToMany, OptionalProps, type Hidden, type Opt, type Rel, type Version } from '../index.js';

@Model({ app: 'kit', tableName: 'kit_publisher' })
export class Publisher extends BaseTable {
  @Field(z.string().min(1).max(100), { unique: true }) name!: string;
  @OneToMany(() => Book, (book) => book.publisher) books = new Collection<Book>(this);
}

@Model({ app: 'kit', tableName: 'kit_author' })
export class Author extends BaseTable {
  [OptionalProps]?: 'status' | 'rating' | 'active' | 'tags';
  @Field(z.string().min(1).max(100), { unique: true }) name!: string;
  @Field(z.email().nullable().default(null)) email!: string | null;
  @Field(z.number().int().min(0).nullable().default(null), { index: true }) age!: number | null;
  @Field(z.number().default(0)) rating!: number;
  @Field(z.boolean().default(true)) active!: boolean;
  @Field(z.coerce.date().nullable().default(null)) bornAt!: Date | null;
  @Field(z.enum(['draft', 'published', 'archived']).default('draft')) status!: 'draft' | 'published' | 'archived';
  @Field(z.array(z.string()).default([])) tags!: string[];
  @Field(z.string().max(200).nullable().default(null), { hidden: true }) secretNote!: Hidden<string> | null;
  @OneToMany(() => Book, (book) => book.author) books = new Collection<Book>(this);
}

@Model({ app: 'kit', tableName: 'kit_tag' })
export class Tag extends BaseTable {
  @Field(z.string().min(1).max(50), { unique: true }) name!: string;
}

/** An ordinary many-to-many (by id), managed by MikroORM collections. */
@Model({ app: 'kit', tableName: 'kit_genre' })
export class Genre extends BaseTable {
  @Field(z.string().min(1).max(50), { unique: true }) name!: string;
  @ManyToMany(() => Book, (book) => book.genres) books = new Collection<Book>(this);
}

/** Links of books to tags by the tag's name (a varchar FK to kit_tag.name), as the original's permission links. */
@Model({ app: 'kit', tableName: 'kit_book_tag_link' })
export class BookTagLink {
  @ManyToOne(() => Tag, { primary: true, fieldName: 'tag_name', referencedColumnNames: ['name'], columnType: 'varchar(50)', deleteRule: 'cascade', updateRule: 'cascade' })
  tag!: Rel<Tag>;
  @ManyToOne(() => Book, { primary: true, deleteRule: 'cascade' })
  book!: Rel<Book>;
}

@Model({ app: 'kit', tableName: 'kit_book' })
export class Book extends BaseTable {
  @Field(z.string().min(1).max(200)) title!: string;
  @Field(z.string().nullable().default(null)) summary!: string | null;
  @ManyToOne(() => Author, { nullable: true, deleteRule: 'set null' }) author!: Rel<Author> | null;
  @ManyToOne(() => Publisher, { deleteRule: 'cascade', eager: true }) publisher!: Rel<Publisher>;
  @ManyToMany(() => Genre, undefined, { owner: true, pivotTable: 'kit_book_genre' }) genres = new Collection<Genre>(this);
}

/** Book ↔ Tag through BookTagLink, keyed by tag name; fixtures fill it from `tags: [name, …]` on a book. */
export const bookTags = new KeyedLinks<Book, Tag>({
  link: BookTagLink,
  owner: () => Book,
  ownerProperty: 'book',
  target: () => Tag,
  targetProperty: 'tag',
  targetKey: 'name',
  fixtureProperty: 'tags',
});

/** A read-modify-write row guarded by an optimistic-locking version column. */
@Model({ app: 'kit', tableName: 'kit_account' })
export class Account extends BaseTable {
  @Field(z.string().min(1).max(50), { unique: true }) name!: string;
  @Field(z.number().int().default(0)) balance!: Opt<number>;
  @Field(z.number().int(), { version: true }) version!: Version;
}
