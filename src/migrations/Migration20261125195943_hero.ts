import { Migration } from '@mikro-orm/migrations';

export class Migration20261125195943_hero extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "hero" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz null, "name" varchar(255) not null, "secret_name" varchar(255) not null, "age" int null, "user_id" int null);`);
    this.addSql(`create index "ix_hero_name" on "hero" ("name");`);

    this.addSql(`alter table "hero" add constraint "hero_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "hero" cascade;`);
  }

}
