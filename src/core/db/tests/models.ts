/**
 * Models used only by the kit's own model-layer tests (app `kit`); they cover every column kind and relation kind.
 * Their class names carry the `Kit` prefix and their tables `kit_`, so they do not take the names a project's models
 * would (a user's `Book` works beside them); only the suites that import this file load them.
 */
import { z } from 'zod';
import { BaseTable, Collection, Field, KeyedLinks, ManyToMany, ManyToOne, Model, OneToMany, OptionalProps, type Hidden, type Opt, type Rel, type Version } from '../index.js';

@Model({ app: 'kit', tableName: 'kit_publisher' })
export class KitPublisher extends BaseTable {
  @Field(z.string().min(1).max(100), { unique: true }) name!: string;
  @OneToMany(() => KitBook, (book) => book.publisher) books = new Collection<KitBook>(this);
}

@Model({ app: 'kit', tableName: 'kit_author' })
export class KitAuthor extends BaseTable {
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
  @OneToMany(() => KitBook, (book) => book.author) books = new Collection<KitBook>(this);
}

@Model({ app: 'kit', tableName: 'kit_tag' })
export class KitTag extends BaseTable {
  @Field(z.string().min(1).max(50), { unique: true }) name!: string;
}

/** An ordinary many-to-many (by id), managed by MikroORM collections. */
@Model({ app: 'kit', tableName: 'kit_genre' })
export class KitGenre extends BaseTable {
  @Field(z.string().min(1).max(50), { unique: true }) name!: string;
  @ManyToMany(() => KitBook, (book) => book.genres) books = new Collection<KitBook>(this);
}

/** Links of books to tags by the tag's name (a varchar FK to kit_tag.name), as the original's permission links. */
@Model({ app: 'kit', tableName: 'kit_book_tag_link' })
export class KitBookTagLink {
  @ManyToOne(() => KitTag, { primary: true, fieldName: 'tag_name', referencedColumnNames: ['name'], columnType: 'varchar(50)', deleteRule: 'cascade', updateRule: 'cascade' })
  tag!: Rel<KitTag>;
  @ManyToOne(() => KitBook, { primary: true, deleteRule: 'cascade' })
  book!: Rel<KitBook>;
}

@Model({ app: 'kit', tableName: 'kit_book' })
export class KitBook extends BaseTable {
  @Field(z.string().min(1).max(200)) title!: string;
  @Field(z.string().nullable().default(null)) summary!: string | null;
  @ManyToOne(() => KitAuthor, { nullable: true, deleteRule: 'set null' }) author!: Rel<KitAuthor> | null;
  @ManyToOne(() => KitPublisher, { deleteRule: 'cascade', eager: true }) publisher!: Rel<KitPublisher>;
  @ManyToMany(() => KitGenre, undefined, { owner: true, pivotTable: 'kit_book_genre' }) genres = new Collection<KitGenre>(this);
}

/** A row with a nullable eager relation: the compiled read path joins it, and reads a missing reviewer as null. */
@Model({ app: 'kit', tableName: 'kit_review' })
export class KitReview extends BaseTable {
  @Field(z.string().min(1).max(200)) text!: string;
  @ManyToOne(() => KitAuthor, { nullable: true, deleteRule: 'set null', eager: true }) reviewer!: Rel<KitAuthor> | null;
}

/** KitBook ↔ KitTag through KitBookTagLink, keyed by tag name; fixtures fill it from `tags: [name, …]` on a book. */
export const bookTags = new KeyedLinks<KitBook, KitTag>({
  link: KitBookTagLink,
  ownerProperty: 'book',
  targetProperty: 'tag',
  fixtureProperty: 'tags',
});

/** A read-modify-write row guarded by an optimistic-locking version column. */
@Model({ app: 'kit', tableName: 'kit_account' })
export class Account extends BaseTable {
  @Field(z.string().min(1).max(50), { unique: true }) name!: string;
  @Field(z.number().int().default(0)) balance!: Opt<number>;
  @Field(z.number().int(), { version: true }) version!: Version;
}
