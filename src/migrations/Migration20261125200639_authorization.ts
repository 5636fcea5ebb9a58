import { Migration } from '@mikro-orm/migrations';

export class Migration20261125200639_authorization extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "permission_group" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz null, "name" varchar(255) not null, "target_table" varchar(255) not null, "display_name" varchar(255) null, "description" varchar(1000) null);`);
    this.addSql(`alter table "permission_group" add constraint "permission_group_name_unique" unique ("name");`);
    this.addSql(`create index "permission_group_target_table_index" on "permission_group" ("target_table");`);

    this.addSql(`create table "permission" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz null, "name" varchar(255) not null, "target_table" varchar(255) not null, "display_name" varchar(255) null, "description" varchar(1000) null);`);
    this.addSql(`alter table "permission" add constraint "permission_name_unique" unique ("name");`);
    this.addSql(`create index "permission_target_table_index" on "permission" ("target_table");`);

    this.addSql(`create table "permissiongrouplink" ("group_name" varchar(255) not null, "permission_name" varchar(255) not null, constraint "permissiongrouplink_pkey" primary key ("group_name", "permission_name"));`);

    this.addSql(`create table "permissionuserlink" ("user_id" int not null, "permission_name" varchar(255) not null, constraint "permissionuserlink_pkey" primary key ("user_id", "permission_name"));`);

    this.addSql(`create table "groupuserlink" ("user_id" int not null, "group_name" varchar(255) not null, constraint "groupuserlink_pkey" primary key ("user_id", "group_name"));`);

    this.addSql(`alter table "permissiongrouplink" add constraint "permissiongrouplink_group_name_foreign" foreign key ("group_name") references "permission_group" ("name") on update cascade on delete cascade;`);
    this.addSql(`alter table "permissiongrouplink" add constraint "permissiongrouplink_permission_name_foreign" foreign key ("permission_name") references "permission" ("name") on update cascade on delete cascade;`);

    this.addSql(`alter table "permissionuserlink" add constraint "permissionuserlink_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "permissionuserlink" add constraint "permissionuserlink_permission_name_foreign" foreign key ("permission_name") references "permission" ("name") on update cascade on delete cascade;`);

    this.addSql(`alter table "groupuserlink" add constraint "groupuserlink_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "groupuserlink" add constraint "groupuserlink_group_name_foreign" foreign key ("group_name") references "permission_group" ("name") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "permissiongrouplink" drop constraint "permissiongrouplink_group_name_foreign";`);

    this.addSql(`alter table "groupuserlink" drop constraint "groupuserlink_group_name_foreign";`);

    this.addSql(`alter table "permissiongrouplink" drop constraint "permissiongrouplink_permission_name_foreign";`);

    this.addSql(`alter table "permissionuserlink" drop constraint "permissionuserlink_permission_name_foreign";`);

    this.addSql(`drop table if exists "permission_group" cascade;`);

    this.addSql(`drop table if exists "permission" cascade;`);

    this.addSql(`drop table if exists "permissiongrouplink" cascade;`);

    this.addSql(`drop table if exists "permissionuserlink" cascade;`);

    this.addSql(`drop table if exists "groupuserlink" cascade;`);
  }

}
