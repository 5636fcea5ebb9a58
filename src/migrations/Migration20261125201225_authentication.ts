import { Migration } from '@mikro-orm/migrations';

export class Migration20261125201225_authentication extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "jwttoken" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz null, "jti" uuid not null, "token_hash" varchar(64) not null, "token_type" varchar(20) not null default 'Bearer', "expires_at" timestamptz not null, "user_id" int null);`);
    this.addSql(`alter table "jwttoken" add constraint "jwttoken_jti_unique" unique ("jti");`);
    this.addSql(`alter table "jwttoken" add constraint "jwttoken_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "jwttoken" add constraint "jwttoken_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jwttoken" cascade;`);
  }

}
