// The addresses a proxy or a client connected to, as its lines name them (nginx's `upstream: "http://10.0.3.17:8080/…"`,
// an access log's `upstream_addr`, a JSON `upstream`), per minute reached or not: which addresses a name stood for when.
import type { LogEntry } from './entries.js';

const MIN = 60_000;
/** An IPv4 address with its port: what a connect goes to once a name is resolved (a name itself is no address). */
const ADDRESS = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}:\d{1,5}$/;
/** nginx's error log names the upstream it was talking to: `upstream: "http://10.0.3.17:8080/path"`. */
const NGINX_UPSTREAM = /\bupstream: "(?:https?|grpcs?|uwsgi|fastcgi|scgi):\/\/([\d.]+:\d{1,5})[/"]/;
/**
 * nginx's words for a connect that never opened: "(110: Connection timed out) while connecting to upstream",
 * "connect() failed (111: Connection refused|113: No route to host) while connecting to upstream". Such a peer took no
 * request at all, unlike one that answered badly (reset while reading the response header).
 */
const CONNECT_FAILED = /\bwhile connecting to upstream\b|\bconnect\(\) (?:to \S+ )?failed\b/;
/** An access log's or a client's field naming the peer it used: nginx's `upstream_addr`, `upstream="…"`, JSON `upstream`. */
const UPSTREAM_FIELD = /(?:^|[\s,{])"?(?:upstream|upstream_addr|upstream_address|upstreamaddr)"?\s*[=:]\s*"([^"]{7,200})"/i;
const FIELD_KEYS = ['upstream', 'upstream_addr', 'upstream_address'];
/** A status written after the request line (combined format) or as a field (`status=504`, `"status":504`). */
const STATUS = /"\s(\d{3})\s|(?:^|[\s,{])"?status"?\s*[=:]\s*"?(\d{3})\b/;
/** The gateway statuses: the proxy got no answer from its upstream (refused, timed out) or could not connect. */
const GATEWAY_FAILURE = new Set(['502', '503', '504']);
/** Peers followed: the first seen are kept (a proxy talks to few addresses, a client pool to tens). */
const MAX_PEERS = 60;

export interface UpstreamPeer {
  service: string | null;
  address: string;
  /** Per minute of `statement_minutes`: connects to it that were answered, and those that failed to open or timed out. */
  ok: number[];
  failed: number[];
}

/** The peers a line names and whether each connect went through, or null when it names no upstream address. */
export function upstreamContacts(message: string, fields?: Record<string, unknown>): Array<{ address: string; ok: boolean }> | null {
  const line = message.split('\n', 1)[0]!;
  const nginx = NGINX_UPSTREAM.exec(line);
  if (nginx) {
    if (!ADDRESS.test(nginx[1]!)) return null;
    // An error line with an upstream that is not a connect failure (a reset while reading) is neither: the connect opened.
    return [{ address: nginx[1]!, ok: !CONNECT_FAILED.test(line) }];
  }
  const raw = fieldValue(fields) ?? UPSTREAM_FIELD.exec(line)?.[1];
  if (!raw) return null;
  // nginx lists every peer it tried (`10.0.1.5:80, 10.0.2.7:80`): all but the last failed; the last answered unless the
  // status says the proxy got nothing (a gateway status).
  const tried = raw.split(/\s*,\s*|\s+:\s+/).filter((a) => ADDRESS.test(a));
  if (tried.length === 0) return null;
  const m = STATUS.exec(line);
  const status = typeof fields?.status === 'number' || typeof fields?.status === 'string' ? String(fields.status) : (m?.[1] ?? m?.[2]);
  const lastOk = status === undefined || !GATEWAY_FAILURE.has(status);
  return tried.map((address, i) => ({ address, ok: i === tried.length - 1 && lastOk }));
}

function fieldValue(fields?: Record<string, unknown>): string | undefined {
  if (!fields) return undefined;
  for (const k of FIELD_KEYS) if (typeof fields[k] === 'string') return fields[k] as string;
  return undefined;
}

/** Connects per service, address and minute, as the scan goes (files in any order). */
export class UpstreamPeerLog {
  private readonly peers = new Map<string, { service: string | null; address: string; ok: Map<number, number>; failed: Map<number, number> }>();

  add(time: number, e: Pick<LogEntry, 'service' | 'message' | 'fields'>): void {
    // A cheap first look: every form above spells `upstream`.
    if (!/upstream/i.test(e.message) && !(e.fields && FIELD_KEYS.some((k) => k in e.fields!))) return;
    const contacts = upstreamContacts(e.message, e.fields);
    if (!contacts) return;
    const minute = Math.floor(time / MIN) * MIN;
    for (const c of contacts) {
      const key = `${e.service ?? ''}\u0000${c.address}`;
      let p = this.peers.get(key);
      if (!p) {
        if (this.peers.size >= MAX_PEERS) continue;
        this.peers.set(key, (p = { service: e.service, address: c.address, ok: new Map(), failed: new Map() }));
      }
      const to = c.ok ? p.ok : p.failed;
      to.set(minute, (to.get(minute) ?? 0) + 1);
    }
  }

  /** Every peer with its counts aligned with `minutes`, by service then address. */
  result(minutes: number[]): UpstreamPeer[] {
    return [...this.peers.values()]
      .sort((a, b) => (a.service ?? '').localeCompare(b.service ?? '') || a.address.localeCompare(b.address))
      .map((p) => ({ service: p.service, address: p.address, ok: minutes.map((t) => p.ok.get(t) ?? 0), failed: minutes.map((t) => p.failed.get(t) ?? 0) }));
  }
}
