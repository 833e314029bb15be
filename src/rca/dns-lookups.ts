// Which release started a storm of lookups at the cluster's DNS: a name the DNS server's query log never saw, asked
// for from minutes after a release whose added lines name that host, and then most of what the server is asked.
import type { RequestFlows } from '../core/sources/request-flows.js';

/**
 * The name a DNS server's query-log line asks for: CoreDNS's log plugin (`"AAAA IN api.example.com.svc.cluster.local.
 * udp 71 false 512"`), dnsmasq (`query[A] api.example.com from 10.0.0.5`), BIND's querylog (`query: api.example.com IN A`).
 * The server answers each search-domain expansion under `ndots` as its own query: the names differ only in their tail.
 */
const QUERY = /"(?:A|AAAA|CNAME|SRV|PTR|MX|TXT|NS|SOA|HTTPS|ANY) IN ([^\s"]+?)\.?(?:[\s"]|$)|\bquery\[[A-Z]+\]\s+([^\s"]+?)\.?\s+from\b|\bquery: ([^\s"]+?)\.? IN [A-Z]+/;
/** A host in a changed line: two labels or more, the last alphabetic (a TLD), bounded so that `a.b.com` is not `b.com`. */
const HOST = /(?<![A-Za-z0-9_.-])([A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24})(?![A-Za-z0-9_-])(?!\.[A-Za-z0-9])/g;
/** How long after a release went live its pods may still be rolling out when the first of their lookups shows. */
const ROLLOUT_MS = 10 * 60_000;
/** The lookups began this long before the release at most (clock slack between the git host and the DNS pods). */
const SLACK_MS = 2 * 60_000;
/** A name asked for from nowhere needs this much quiet query log before it: one that began with the log proves nothing. */
const QUIET_MS = 10 * 60_000;
/** From its first minute on, the new name's queries are at least this share of all the server was asked: a storm. */
const STORM_SHARE = 0.3;

export interface StartedLookups {
  /** The host the release's added lines name, as it is asked for (with or without search-domain tails). */
  host: string;
  /** The first minute the DNS server was asked for it (ms). */
  start: number;
  /** Its queries from then on, and their share of the server's. */
  queries: number;
  share: number;
  /** One query-log statement for it, to quote. */
  example: string;
}

/**
 * The name a query-log statement asks for (lower case, no trailing dot; a template's placeholder where the log reader
 * merged several names), or null when it is no query line.
 */
export function queriedName(step: string): string | null {
  const m = QUERY.exec(step);
  const name = m?.[1] ?? m?.[2] ?? m?.[3];
  return name ? name.toLowerCase() : null;
}

/** The hosts a diff's added lines name (a URL's host, a bare domain), lower case. */
export function addedHosts(diff: string): string[] {
  const hosts = new Set<string>();
  for (const line of diff.split('\n')) {
    if (!line.startsWith('+') || line.startsWith('+++')) continue;
    for (const m of line.slice(1).matchAll(HOST)) hosts.add(m[1]!.toLowerCase());
  }
  return [...hosts];
}

/**
 * The storm of lookups this release started: a host its added lines name that the DNS server was first asked for
 * (itself or under a search domain) within minutes of the release going live, after a quiet stretch of query log, and
 * that from then on makes up a good share of the server's queries. Null when the logs show no such thing.
 */
export function startedLookups(flows: RequestFlows | undefined | null, diff: string, liveAt: number): StartedLookups | null {
  const minutes = flows?.statementMinutes ?? [];
  const queries = (flows?.statements ?? []).flatMap((s) => {
    const name = queriedName(s.step);
    return name ? [{ name, step: s.step, counts: s.counts }] : [];
  });
  if (queries.length === 0 || minutes.length === 0) return null;
  let best: StartedLookups | null = null;
  for (const host of addedHosts(diff)) {
    const mine = queries.filter((q) => q.name === host || q.name.startsWith(`${host}.`));
    if (mine.length === 0) continue;
    const first = minutes.findIndex((_, i) => mine.some((q) => (q.counts[i] ?? 0) > 0));
    const start = minutes[first];
    if (start === undefined || start < liveAt - SLACK_MS || start > liveAt + ROLLOUT_MS || start - minutes[0]! < QUIET_MS) continue;
    const after = (qs: typeof queries) => qs.reduce((a, q) => a + q.counts.slice(first).reduce((x, y) => x + y, 0), 0);
    const own = after(mine);
    const all = after(queries);
    const share = all > 0 ? own / all : 0;
    if (share < STORM_SHARE || (best && own <= best.queries)) continue;
    best = { host, start, queries: own, share, example: mine.sort((a, b) => after([b]) - after([a]))[0]!.step };
  }
  return best;
}
