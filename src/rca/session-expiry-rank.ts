// Ranking's part for a process that paused until its coordination session expired and aborted (analyzers/
// session-expiry.ts): a change to that process's own system is its change, not the change of the clients that felt it.
import { firstPartOf, type ChangeFinding, type ConditionFinding } from './change-settings.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';

/**
 * Re-homes a change blamed where the errors were seen (the client whose reads fail) to the aborted process when the
 * change is of that process's system: a folder or release tag that names it or the system it is a part of (`hbase/`
 * for `hbase-regionserver`). An HBase region server, Kafka broker or Solr node that lost its ZooKeeper session fails
 * its clients' calls; the clients are victims, the paused process (and what made it pause) the cause.
 */
export function rankSessionExpiry(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], ctx: AnalysisContext): void {
  const lost = conditions.find((k) => k.condition === 'session_expired' && k.service);
  if (!lost || lost.service === ctx.affectedService) return;
  const aborted = lost.service!;
  for (const h of hypotheses) {
    const c = h.suspect ? changes.find((x) => x.change.sha === h.suspect!.sha) : undefined;
    if (!c || h.service !== ctx.affectedService || !namesSystem(c, aborted)) continue;
    if (h.service && h.summary.startsWith(`${h.service} broke after`)) h.summary = `${aborted}${h.summary.slice(h.service.length)}`;
    h.service = aborted;
    if (!h.support.includes(lost)) h.support.push(lost);
  }
}

/** A folder of its files, or its release tag's name, is the service or the system it is part of (`hbase` of `hbase-master`). */
function namesSystem(c: ChangeFinding, service: string): boolean {
  const names = (n: string) => n.length >= 3 && firstPartOf(n, service);
  const tag = c.change.ref?.toLowerCase().split(/[/@:]/)[0];
  if (tag && names(tag)) return true;
  return c.paths.length > 0 && c.paths.every((p) => p.toLowerCase().split('/').slice(0, -1).some(names));
}
