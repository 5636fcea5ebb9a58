/** Small helpers shared by the model-layer specs (not a spec itself). */
import { expect } from 'chai';
import type { Filters } from '../index.js';
import { KitAuthor, KitBook, KitPublisher } from './models.js';

/** Lookups the compile-time `Filters` type would refuse (unknown fields, bad operators): run-time checks only. */
export const lookups = <E>(filters: Record<string, unknown>): Filters<E> => filters as Filters<E>;

/** Runs `fn` and returns what it threw (synchronously or by rejecting), checking the error's class. */
export async function rejects<T extends Error>(fn: () => unknown, type: abstract new (...args: never[]) => T): Promise<T> {
  let error: unknown;
  try {
    await fn();
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected ${type.name} to be thrown`).to.be.instanceOf(type);
  return error as T;
}

/** The `name` of each row, in the order given. */
export const names = (rows: ReadonlyArray<{ name: string }>): string[] => rows.map((row) => row.name);

/** The `title` of each row, in the order given. */
export const titles = (rows: ReadonlyArray<{ title: string }>): string[] => rows.map((row) => row.title);

/** Saves authors with these names, in order. */
export async function authorsNamed(...list: string[]): Promise<KitAuthor[]> {
  const authors: KitAuthor[] = [];
  for (const name of list) authors.push(await KitAuthor.create({ name }).save());
  return authors;
}

/** Saves a publisher and one book per title (optionally by `author`). */
export async function publisherWithBooks(name: string, bookTitles: string[], author: KitAuthor | null = null): Promise<{ publisher: KitPublisher; books: KitBook[] }> {
  const publisher = await KitPublisher.create({ name }).save();
  const books: KitBook[] = [];
  for (const title of bookTitles) books.push(await KitBook.create({ title, publisher, author }).save());
  return { publisher, books };
}

/** ISO-8601 in UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
