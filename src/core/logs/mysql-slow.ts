// MySQL's slow query log: `# Time:` (when), `# User@Host:` (who), `# Query_time:` (how long), then the statement.
// The who line opens the entry, and leads with the user, so each client's slow statements mine into their own signature.
import type { ParsedHead } from './parsed-head.js';
import { clientFields } from './db-client.js';

// 8.0 and 5.7 write an ISO time (`2026-12-01T02:00:41.123456Z`); 5.6 `181003 10:23:45` (local time, read as UTC).
const TIME = /^# Time: (?:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)|(\d{2})(\d{2})(\d{2}) +(\d{1,2}:\d{2}:\d{2}))\s*$/;
const WHO = /^# User@Host: ([^\s[]+)\[[^\]]*\] @ *(\S*) *\[([^\]]*)\](?:\s+Id:\s*(\d+))?/;

/**
 * A slow-log line that starts an entry, or null (the timings, `SET timestamp=` and the statement continue the entry
 * above). `# Time:` dates the statement under it, as an entry below every level; `# User@Host:` is the slow statement
 * itself, at warn: the server's own verdict that it was slow.
 */
export function parseMysqlSlow(line: string): ParsedHead | null {
  if (line.charCodeAt(0) !== 35 || line.charCodeAt(1) !== 32) return null;
  if (line.startsWith('# Time: ')) {
    const m = TIME.exec(line);
    if (!m) return null;
    const time = m[1] ? Date.parse(/Z|[+-]\d{2}:\d{2}$/.test(m[1]) ? m[1] : `${m[1]}Z`) : Date.parse(`20${m[2]}-${m[3]}-${m[4]}T${m[5]!.padStart(8, '0')}Z`);
    return Number.isNaN(time) ? null : { time, level: 'trace', service: 'mysql', message: line.slice(2), dialect: 'mysql-slow' };
  }
  if (!line.startsWith('# User@Host: ')) return null;
  const w = WHO.exec(line);
  if (!w) return null;
  const host = w[3] || w[2] || '';
  const fields = { ...clientFields({ user: w[1]!, host }), ...(w[4] ? { connection_id: Number(w[4]) } : {}) };
  return { time: null, level: 'warn', service: 'mysql', message: `${w[1]}: slow query${host ? ` from ${host}` : ''}`, fields, dialect: 'mysql-slow' };
}
