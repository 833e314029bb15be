// A change that makes a single-threaded store walk its whole keyspace in one command (Redis KEYS, FLUSHALL): while it
// runs the store serves nobody, so every client times out; the store's slow log growing after it went live confirms it.
import type { EvidenceBundle } from './bundle.js';
import { seriesName, valueAt } from './series.js';
import { scoredPoints } from './localize/series-shape.js';

/**
 * Added code issuing a command that is O(N) in the keyspace and blocks Redis (or Valkey, KeyDB) until it ends:
 * `KEYS <pattern>` through a client (redis-py's `r.keys("cart:*")`, ioredis/Jedis `.keys('cart:*')`, go-redis
 * `rdb.Keys(ctx, "cart:*")`), in a raw command or a Lua script (`redis.call('KEYS', …)`), and FLUSHALL/FLUSHDB without
 * ASYNC. A pattern is required of `.keys(`: a dict's or a map's `.keys()` takes none.
 */
const KEYSPACE_WALK =
  /\.keys\(\s*["'`][^"'`]*["'`]|\.Keys\(\s*\w+\s*,\s*["'`]|\bcall\(\s*["']KEYS["']|["'`]KEYS\s+\S|\b(?:FLUSHALL|FLUSHDB)\b(?![\s"'`,(=]*(?:asynchronous\s*=\s*)?(?:ASYNC|True))/i;
/** What walked the keyspace in pages, letting the store serve others between them: SCAN and its client helpers. */
const PAGED = /\bscan_iter\(|\bscanStream\(|\bscanIterator\(|\.Scan\(\s*\w+\s*,|\bSCAN\s+\d|\bscan\(/i;
/** A line that only comments. */
const COMMENT = /^\s*(?:#|\/\/|\/\*|\*|--)/;
const MIN = 60_000;

export interface KeyspaceWalk {
  /** The added line, trimmed and cut to 160 characters. */
  line: string;
  /** The diff removed a paged walk (SCAN) in the same change: KEYS where SCAN was. */
  replacesScan: boolean;
  /** The store's slow log that grew after the change went live: its series and values, or null when none did. */
  slowlog: { call: string; series: string; from: number; to: number; store: string[] } | null;
}

/** The first added line that walks a store's keyspace in one command, or null. */
export function addedKeyspaceWalk(diff: string): { line: string; replacesScan: boolean } | null {
  let line: string | null = null;
  let paged = false;
  for (const l of diff.split('\n')) {
    if (l.startsWith('+++') || l.startsWith('---')) continue;
    const code = l.slice(1);
    if ((l[0] !== '+' && l[0] !== '-') || COMMENT.test(code)) continue;
    if (l[0] === '-' && PAGED.test(code)) paged = true;
    if (l[0] === '+' && line === null && KEYSPACE_WALK.test(code)) line = code.trim().slice(0, 160);
  }
  return line === null ? null : { line, replacesScan: paged };
}

/** A store's slow-log length (redis_exporter's `redis_slowlog_length`): entries it kept of commands over its threshold. */
const SLOWLOG = /slowlog_(?:length|len|entries)$/i;

/**
 * The keyspace walk a diff adds, with the slow log that grew within half an hour of `liveAt` (each run of the walk is
 * one more slow entry; a log that did not grow says the command has not run slow yet).
 */
export function keyspaceWalk(bundle: EvidenceBundle, diff: string, liveAt: number): KeyspaceWalk | null {
  const walk = addedKeyspaceWalk(diff);
  if (!walk) return null;
  for (const c of bundle.series) {
    for (const s of c.data) {
      if (!SLOWLOG.test(s.metric)) continue;
      const pts = scoredPoints(s);
      const from = valueAt(pts, liveAt);
      const later = pts.filter(([t]) => t > liveAt && t <= liveAt + 30 * MIN).map((p) => p[1]);
      const to = later.length ? Math.max(...later) : null;
      if (from !== null && to !== null && to >= from + 2) return { ...walk, slowlog: { call: c.call_id, series: seriesName(s), from, to, store: storeNames(s) } };
    }
  }
  return { ...walk, slowlog: null };
}

/**
 * How a slow-log series names its store: the exporter's namespace (`redis_…`: the software, as client errors name it,
 * `redis: i/o timeout`) and the host of its instance label (`redis-sessions:6379`).
 */
function storeNames(s: { metric: string; labels: Record<string, string> }): string[] {
  const host = (s.labels.instance ?? s.labels.addr ?? '').toLowerCase().replace(/:\d+$/, '');
  return [s.metric.split('_')[0]!.toLowerCase(), ...(host && !/^[\d.]+$/.test(host) ? [host] : [])];
}
