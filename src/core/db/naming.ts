/**
 * MikroORM's UnderscoreNamingStrategy rule: `_` between a lower-case ASCII letter and an upper-case one, then
 * lower case. `createdAt` → `created_at`, `userID` → `user_id`, `URLPath` → `urlpath`. Column names, JSON keys
 * and fixture keys all use it, so the wire name of a field is always its column name.
 */
export function snakeCase(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

type LowerLetter = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l' | 'm' | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z';

/** `snakeCase` at the type level (tail-recursive, so long names stay within the depth limit). */
export type SnakeCase<S extends string, Acc extends string = '', PrevLower extends boolean = false> = S extends `${infer C}${infer Rest}`
  ? C extends Uppercase<C>
    ? C extends Lowercase<C>
      ? SnakeCase<Rest, `${Acc}${C}`, false> // digits, underscores: no case
      : SnakeCase<Rest, `${Acc}${PrevLower extends true ? '_' : ''}${Lowercase<C>}`, false>
    : SnakeCase<Rest, `${Acc}${C}`, C extends LowerLetter ? true : false>
  : Acc;
