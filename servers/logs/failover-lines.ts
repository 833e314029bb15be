// The lines that say a replicated store changed its primary (Redis Sentinel, RDS/Aurora events, Patroni, MongoDB) or a
// node was drained for a reboot (kured, kubectl): routine maintenance whose clients may keep talking to the old primary.
/**
 * Sentinel's `+switch-master`, `+failover-end` and `+odown master`; RDS's "Multi-AZ instance failover started/completed"
 * and Aurora's "Completed failover to DB instance"; Patroni's "promoted self to leader"; MongoDB's "Transition to
 * primary"; a leader or primary changed; kured's and kubectl's "Draining node", "Commanding reboot for node".
 */
export const FAILOVER =
  /(?:^|\s)\+(?:switch-master|failover-end|odown master)\s|\bMulti-AZ (?:DB )?(?:instance |cluster )?failover (?:started|completed)\b|\b(?:Started|Completed) (?:cross AZ )?failover to DB instance\b|\bfailover (?:started|completed|complete|finished|initiated|triggered)\b|\bpromoted (?:self )?to (?:leader|primary|master)\b|\bTransition(?:ing|ed)? to primary\b|\b(?:leader|primary|master) (?:changed|switched) (?:from|to)\b|\bDraining node\b|\bCommanding reboot for node\b|\bRebooting node\b/i;

/** A host or node name as it may appear in such a line (a DNS name, an IP, a pod), without its port. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,252}$/;
/** Sentinel names the master's set then old and new host (`+switch-master mymaster 10.0.0.5 6379 10.0.0.7 6379`). */
const SWITCH = /\+switch-master\s+\S+\s+(\S+)\s+\d+\s+(\S+)\s+\d+/;
/** `+failover-end master mymaster redis-0.redis 6379`, `+odown master mymaster redis-0.redis 6379`. */
const MASTER = /\+(?:failover-end|odown) master\s+\S+\s+(\S+)\s+\d+/;
/** An AWS event names its database in `SourceIdentifier` (EventBridge) or `Source ID`. */
const SOURCE_ID = /"SourceIdentifier"\s*:\s*"([^"]{1,200})"|\bSource ID:\s*(\S+)/;
/** kured's and kubectl's node (`Draining node ip-10-0-1-5...`, `Commanding reboot for node: ip-...`). */
const NODE = /\b(?:Draining|Rebooting|reboot for) node:?\s+(\S+)/i;
/** Aurora names the instance it failed over to (`Completed failover to DB instance: orders-aurora-2`). */
const AURORA = /\bfailover to DB instance:?\s+(\S+)/i;

/** An event's own words where its line is a JSON event (EventBridge's `detail.Message`, with its source), else the line. */
export function failoverText(line: string): string {
  const said = /"Message"\s*:\s*"([^"\\]{1,200})"/.exec(line)?.[1];
  if (!said) return line;
  const source = SOURCE_ID.exec(line);
  return source ? `${said} (${source[1] ?? source[2]})` : said;
}

/** What failed over or was drained, as the line names it (at most 2, the old primary first), or none. */
export function failoverSubjects(line: string): string[] {
  const m = SWITCH.exec(line) ?? MASTER.exec(line) ?? SOURCE_ID.exec(line) ?? AURORA.exec(line) ?? NODE.exec(line);
  if (!m) return [];
  return m.slice(1).filter((x): x is string => !!x && NAME.test(x)).map((x) => x.replace(/[.,;:]$/, '')).slice(0, 2);
}
