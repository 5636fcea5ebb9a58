/**
 * Counts the SQL statements in a text the way PostgreSQL's parser splits them: a `;` separates statements
 * only outside quotes ('…', E'…', "…"), dollar quotes ($$…$$, $tag$…$tag$) and comments (-- and nested /* *\/).
 * Empty statements (`;;`, trailing `;`, comments alone) do not count.
 * @example countStatements("insert into t values ('a;b')") === 1
 */
export function countStatements(sql: string): number {
  let count = 0;
  let hasContent = false; // the current statement has a non-blank, non-comment character
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i + 2);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      i = skipBlockComment(sql, i);
      continue;
    }
    if (c === ';') {
      if (hasContent) count++;
      hasContent = false;
      i++;
      continue;
    }
    if (c === "'") {
      // E'…' strings take backslash escapes; standard strings only double the quote.
      const escapes = i > 0 && (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !isIdentChar(sql[i - 2]);
      i = skipQuoted(sql, i, "'", escapes);
      hasContent = true;
      continue;
    }
    if (c === '"') {
      i = skipQuoted(sql, i, '"', false);
      hasContent = true;
      continue;
    }
    if (c === '$' && !isIdentChar(sql[i - 1])) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
        hasContent = true;
        continue;
      }
    }
    if (!/\s/.test(c)) hasContent = true;
    i++;
  }
  return hasContent ? count + 1 : count;
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$]/.test(c);
}

/** Returns the index just after the closing quote (a doubled quote is part of the text). */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** Block comments nest in PostgreSQL. Returns the index after the matching close. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return sql.length;
}
