import { createRequire } from 'node:module';
import type * as MikroOrmCore from '@mikro-orm/core';
import type * as MikroOrmKnex from '@mikro-orm/knex';
import type * as MikroOrmPostgres from '@mikro-orm/postgresql';

const require = createRequire(import.meta.url);

/**
 * MikroORM's packages, loaded with `require`. Node 20 imports a CommonJS package into an ES module by first
 * reading and scanning the source of every module it re-exports (for MikroORM and knex, hundreds of files, each
 * read again when it runs): that was a third of MikroORM's load time, some 0.2 s of the server's start. The kit
 * takes MikroORM's values from here and its types from the packages (`import type`, erased when compiled). These
 * are the very modules an `import` gets (the packages' ES entry points wrap them).
 */
export const mikroOrm = require('@mikro-orm/core') as typeof MikroOrmCore;
export const mikroOrmPostgres = require('@mikro-orm/postgresql') as typeof MikroOrmPostgres;
/** The SQL layer under the PostgreSQL driver (already loaded by it): the schema comparison takes its classes from here. */
export const mikroOrmKnex = require('@mikro-orm/knex') as typeof MikroOrmKnex;

// What models declare relations with, for apps (through core/db's index).
export const { ManyToOne, OneToMany, ManyToMany, OneToOne, Unique } = mikroOrm;
export const Collection = mikroOrm.Collection;
export type Collection<T extends object, O extends object = object> = MikroOrmCore.Collection<T, O>;
export const OptionalProps: typeof MikroOrmCore.OptionalProps = mikroOrm.OptionalProps;
export const HiddenProps: typeof MikroOrmCore.HiddenProps = mikroOrm.HiddenProps;
