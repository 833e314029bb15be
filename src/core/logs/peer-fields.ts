// The remote a structured log record says it was talking to (gRPC's `target`, OpenTelemetry's `server.address`, a
// proxy's `upstream_addr`): client libraries put the peer in a field, not in the message, and a caller's error is read by it.

/**
 * Field names that hold the called system's address: never the record's own host (`host`, `hostname`), nor the
 * request's own path (`url`, `path`), which name where it was logged or what was asked, not whom it waited on.
 */
const PEER_KEY =
  /^(target|peer|peer[._-]?(address|addr|host|hostname|name|service)|net[._]peer[._](name|addr|ip)|server[._]address|upstream|upstream[._-]?(addr|address|host|name)|endpoint|endpoints|remote[._-]?(addr|address|host)|dest(ination)?[._-]?(addr|address|host|service)|backend|broker|brokers)$/i;

/** Most characters of one peer value kept: an address list is short; anything longer is not an address. */
const MAX_PEER = 300;

/**
 * The peer a record's fields name, as one line (several fields joined by spaces), or undefined. Values are plain text
 * for matching names against (nothing from a log is run), cut to printable characters.
 */
export function peerFromFields(f: Record<string, unknown> | undefined): string | undefined {
  if (!f) return undefined;
  const found: string[] = [];
  for (const [k, v] of Object.entries(f)) {
    if (!PEER_KEY.test(k)) continue;
    const text = Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(',') : typeof v === 'string' ? v : '';
    const clean = text.replace(/[^\x20-\x7e]/g, '').trim();
    if (clean && clean.length <= MAX_PEER) found.push(clean);
  }
  return found.length ? found.join(' ') : undefined;
}
