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

/** `db_user`, `db_name`, `client_app`, `client_host`: those that are known. */
export function clientFields(c: DbClient): Record<string, string> {
  const out: Record<string, string> = {};
  if (c.user) out.db_user = c.user;
  if (c.db) out.db_name = c.db;
  if (c.app) out.client_app = c.app;
  if (c.host) out.client_host = c.host;
  return out;
}
