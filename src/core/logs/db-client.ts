// The field names every database log reader gives a statement's client (MySQL's slow log, PostgreSQL's prefix and
// jsonlog, mongod's slow queries), so code that asks whose statement it was reads one set of names for all of them.

export interface DbClient {
  /** The database user (MySQL's `# User@Host:` user, PostgreSQL's %u). */
  user?: string;
  /** The database (PostgreSQL's %d, a MongoDB namespace's database). */
  db?: string;
  /** The application the client named itself (PostgreSQL's application_name, MongoDB's appName). */
  app?: string;
  /** The client's host or address. */
  host?: string;
}

/** Each client part's field name: the one spelling every reader writes and every reader of entries reads. */
const FIELD: Record<keyof DbClient, string> = { user: 'db_user', db: 'db_name', app: 'client_app', host: 'client_host' };

/** `db_user`, `db_name`, `client_app`, `client_host`: those that are known. */
export function clientFields(c: DbClient): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(FIELD) as Array<keyof DbClient>) if (c[k]) out[FIELD[k]] = c[k]!;
  return out;
}

/** The client an entry's fields name (clientFields' inverse), short strings only; undefined when they name none. */
export function clientFromFields(f: Record<string, unknown> | undefined): DbClient | undefined {
  if (!f) return undefined;
  const c: DbClient = {};
  for (const k of Object.keys(FIELD) as Array<keyof DbClient>) {
    const v = f[FIELD[k]];
    if (typeof v === 'string' && v.length > 0 && v.length <= 120) c[k] = v;
  }
  return Object.keys(c).length ? c : undefined;
}
