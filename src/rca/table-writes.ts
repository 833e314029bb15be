// Which tables a diff's added statements write (INSERT INTO, UPDATE … SET, DELETE FROM), read by change correlation for
// every commit, so a store's complaint about one table (tombstones, tombstone-rank.ts) can be tied to the code that writes it.

/** A table name as SQL and CQL spell it: `table`, `keyspace.table`, either part quoted. */
const NAME = String.raw`("?[A-Za-z_]\w*"?(?:\."?[A-Za-z_]\w*"?)?)`;
/**
 * A write statement as code holds it: `INSERT INTO t (` / `VALUES` / `JSON`, `UPDATE t [USING TTL n] SET`, `DELETE
 * [cols] FROM t WHERE|USING`. The words that must follow keep prose ("insert into the cart") from counting.
 */
const WRITES = [
  new RegExp(String.raw`\bINSERT\s+INTO\s+${NAME}\s*(?:\(|VALUES\b|JSON\b|SELECT\b)`, 'gi'),
  new RegExp(String.raw`\bUPDATE\s+${NAME}\s+(?:USING\s+(?:TTL|TIMESTAMP)\s+\S+\s+(?:AND\s+\w+\s+\S+\s+)?)?SET\b`, 'gi'),
  new RegExp(String.raw`\bDELETE\s+(?:[\w\[\]'"?,\s]+?\s+)?FROM\s+${NAME}\s+(?:WHERE|USING)\b`, 'gi'),
];
/** A line that is only a comment: what it says of a statement is not code that runs. */
const COMMENT = /^\s*(?:#|\/\/|--|\/?\*)/;

/** A table name compared as the store logs it: unquoted, lower case. */
export const tableKey = (name: string): string => name.replace(/"/g, '').toLowerCase();

/** The tables (lower case, as written: `carts.cart_by_user`) that the diff's added, non-comment lines write. */
export function writtenTables(diff: string): string[] {
  const out = new Set<string>();
  for (const line of diff.split('\n')) {
    if (!/^\+(?!\+\+)/.test(line) || COMMENT.test(line.slice(1))) continue;
    for (const re of WRITES) for (const m of line.matchAll(re)) out.add(tableKey(m[1]!));
  }
  return [...out];
}

/** One table named two ways: equal, or one unqualified and the other's table part (`cart_by_user`, `carts.cart_by_user`). */
export function sameTable(a: string, b: string): boolean {
  if (a === b) return true;
  const [qa, qb] = [a.includes('.'), b.includes('.')];
  if (qa && qb) return false;
  return (qa ? a.split('.')[1] : a) === (qb ? b.split('.')[1] : b);
}
