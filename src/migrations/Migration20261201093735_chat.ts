import { Migration } from '@mikro-orm/migrations';

export class Migration20261201093735_chat extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "chatroom" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz null, "name" varchar(255) not null, "visibility" text check ("visibility" in ('private', 'public')) not null default 'private', "owner_id" int not null);`);
    this.addSql(`create index "ix_chatroom_owner_id" on "chatroom" ("owner_id");`);
    this.addSql(`alter table "chatroom" add constraint "uq_chatroom_name_owner" unique ("name", "owner_id");`);

    this.addSql(`create table "chatroomuserlink" ("room_id" int not null, "user_id" int not null, constraint "chatroomuserlink_pkey" primary key ("room_id", "user_id"));`);

    this.addSql(`create table "chatmessage" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz null, "content" varchar(4000) not null, "author_id" int null, "room_id" int not null);`);
    this.addSql(`create index "ix_chatmessage_room_id" on "chatmessage" ("room_id");`);

    this.addSql(`alter table "chatroom" add constraint "chatroom_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "chatroomuserlink" add constraint "chatroomuserlink_room_id_foreign" foreign key ("room_id") references "chatroom" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "chatroomuserlink" add constraint "chatroomuserlink_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "chatmessage" add constraint "chatmessage_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "chatmessage" add constraint "chatmessage_room_id_foreign" foreign key ("room_id") references "chatroom" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "chatroomuserlink" drop constraint "chatroomuserlink_room_id_foreign";`);

    this.addSql(`alter table "chatmessage" drop constraint "chatmessage_room_id_foreign";`);

    this.addSql(`drop table if exists "chatroom" cascade;`);

    this.addSql(`drop table if exists "chatroomuserlink" cascade;`);

    this.addSql(`drop table if exists "chatmessage" cascade;`);
  }

}
