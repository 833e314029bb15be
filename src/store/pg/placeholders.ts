// Rewrites the store's SQLite-style parameters (`?` and `@name`) to PostgreSQL's `$n`, skipping string
// literals, quoted identifiers and comments, so one SQL text serves both engines.

export interface PgSql {
  text: string;
  /** For `@name` SQL: the name bound to each `$n`; empty for positional SQL. */
  names: string[];
}

export function toPgSql(sql: string): PgSql {
  let out = '';
  let n = 0;
  const names: string[] = [];
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `$${++n}`;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))!;
      let idx = names.indexOf(m[0]);
      if (idx === -1) idx = names.push(m[0]) - 1;
      out += `$${idx + 1}`;
      i += m[0].length;
    } else {
      out += c;
    }
  }
  return { text: out, names };
}

/** The values for `$1..$n`: from one parameter object for @name SQL, else positionally. */
export function bindValues(sql: PgSql, params: unknown[]): unknown[] {
  const values =
    sql.names.length > 0 && params.length === 1 && params[0] !== null && typeof params[0] === 'object'
      ? sql.names.map((k) => (params[0] as Record<string, unknown>)[k])
      : params;
  return values.map((v) => (v === undefined ? null : typeof v === 'bigint' ? v.toString() : v));
}
