import { Migration } from '@mikro-orm/migrations';

export class Migration20261125195019_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "users" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz null, "username" varchar(150) not null, "first_name" varchar(150) not null, "last_name" varchar(150) not null, "password" varchar(128) not null, "email" varchar(254) null, "address" varchar(255) null, "age" int null, "role" text check ("role" in ('admin', 'staff', 'active')) not null default 'active', "status" text check ("status" in ('active', 'inactive')) not null default 'inactive');`);
    this.addSql(`alter table "users" add constraint "ix_users_username" unique ("username");`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`create index "ix_users_role" on "users" ("role");`);
    this.addSql(`create index "ix_users_status" on "users" ("status");`);

    this.addSql(`create table "post" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz null, "title" varchar(200) not null, "description" text null, "author_id" int null);`);

    this.addSql(`alter table "post" add constraint "post_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "post" drop constraint "post_author_id_foreign";`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "post" cascade;`);
  }

}
