// PostgreSQL URLs in the store: recognising one, and a printable form with the password hidden, since
// the URL is echoed in messages and `db status` but a password must never reach a terminal or a log.

export { isPostgresUrl } from '../../core/db-path.js';

/** The URL with any password replaced by ***; an unparsable URL keeps only its scheme. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of ['password', 'sslpassword']) if (u.searchParams.has(key)) u.searchParams.set(key, '***');
    return u.toString().replace('%2A%2A%2A', '***');
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** user@host:port/database for messages; a unix-socket URL (?host=/dir) names its directory. */
export function describeTarget(url: string): { user: string; where: string; database: string } {
  try {
    const u = new URL(url);
    const socket = u.searchParams.get('host');
    const where = socket ?? `${u.hostname || 'localhost'}:${u.port || '5432'}`;
    return { user: decodeURIComponent(u.username) || process.env.PGUSER || process.env.USER || 'postgres', where, database: decodeURIComponent(u.pathname.slice(1)) || 'postgres' };
  } catch {
    return { user: '?', where: '?', database: '?' };
  }
}
