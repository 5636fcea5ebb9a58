import { Migration } from '@mikro-orm/migrations';

export class Migration20261201093812_web_session extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "web_session" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz null, "key_hash" varchar(64) not null, "user_id" int not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null);`);
    this.addSql(`alter table "web_session" add constraint "web_session_key_hash_unique" unique ("key_hash");`);

    this.addSql(`alter table "web_session" add constraint "web_session_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "web_session" cascade;`);
  }

}
