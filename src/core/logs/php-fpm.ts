// PHP-FPM's error log after its `[24-Nov-2026 19:05:12] ` (`WARNING: [pool www] child 1234, script '...' executing
// too slow (5.012 sec), logging`) and its slowlog, whose `[pool www] pid 1234` head has the request's frames under it.
import type { ParsedHead } from './parsed-head.js';
import { levelWord } from './levels.js';

type Rest = Omit<ParsedHead, 'time'>;

const LOG = /^(ALERT|ERROR|WARNING|NOTICE|DEBUG): (?:\[pool ([^\]\s]{1,80})\] )?([\s\S]*)$/;
// The child a message is about, and a slow or timed-out request's script, request and duration.
const CHILD = /^child (\d+)/;
const SCRIPT = /script '([^']*)' \(request: "([^"]*)"\) (?:executing too slow|execution timed out) \((\d+(?:\.\d+)?) sec\)/;
const SLOW_HEAD = /^\[pool ([^\]\s]{1,80})\] pid (\d+)$/;
// A slowlog frame: `[0x00007f...] curl_exec() /var/www/html/src/Rates.php:41`.
const FRAME = /^\[0x[0-9a-f]+\] (\S+ \S+)$/;

/**
 * The slowlog entry's message once its lines are read: where it was stuck, the top frame's function and place and the
 * two callers under it (two requests waiting on the same call share them; a file path alone would not tell them apart
 * once masked). The frames stay below it.
 */
function stuckIn(whole: string): string {
  const lines = whole.split('\n');
  const frames = lines.flatMap((l) => FRAME.exec(l.trim())?.[1] ?? []).slice(0, 3);
  if (frames.length === 0) return whole;
  const [fn, file] = frames[0]!.split(' ');
  const callers = frames.slice(1).map((f) => ` from ${f.split(' ')[0]}`).join('');
  return [`slow request in ${fn}${callers} at ${file!.slice(file!.lastIndexOf('/') + 1)}`, ...lines.slice(1)].join('\n');
}

/** What follows PHP-FPM's time, or null: a log line (pool and child as fields) or a slowlog entry's head (warn). */
export function phpFpmRest(text: string): Rest | null {
  const slow = SLOW_HEAD.exec(text);
  if (slow) {
    // request_slowlog_timeout passed: FPM's own verdict that the request was slow, as a database's slow log is.
    return { level: 'warn', service: null, message: `slow request (pool ${slow[1]})`, fields: { pool: slow[1]!, pid: Number(slow[2]) }, reword: stuckIn, dialect: 'php-fpm-slowlog' };
  }
  const m = LOG.exec(text);
  if (!m) return null;
  const message = m[3]!;
  const fields: Record<string, unknown> = {};
  if (m[2]) fields.pool = m[2];
  const child = CHILD.exec(message);
  if (child) fields.pid = Number(child[1]);
  const s = SCRIPT.exec(message);
  if (s) Object.assign(fields, { script: s[1]!, request: s[2]!, duration_s: Number(s[3]) });
  return { level: levelWord(m[1]!)!, service: null, message, ...(Object.keys(fields).length ? { fields } : {}), dialect: 'php-fpm' };
}
