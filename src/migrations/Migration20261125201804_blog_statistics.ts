import { Migration } from '@mikro-orm/migrations';

export class Migration20261125201804_blog_statistics extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "post_statistic" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz null, "post_id" int not null, "views" int not null default 0);`);
    this.addSql(`alter table "post_statistic" add constraint "post_statistic_post_id_unique" unique ("post_id");`);

    this.addSql(`alter table "post_statistic" add constraint "post_statistic_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "post_statistic" cascade;`);
  }

}
