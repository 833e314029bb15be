// Ranking's part for a NAT gateway out of source ports (analyzers/nat-ports.ts): the remote host every caller fails to
// reach is its victim, and a change applied to the gateways or the egress path before it is the change to name.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { errorsWaitOrCannotConnect, seenByOnset } from './trigger-guards.js';

/** What a change to the outbound path names: NAT (a gateway, SNAT, Cloud NAT), egress, outbound addresses, elastic IPs. */
const EGRESS = /(?:^|[^a-z])s?nat(?:[^a-z]|$)|nat_?gateway|egress|outbound_?(?:ip|address|rule)|elastic_?ip|(?:^|[^a-z])eip(?:[^a-z]|$)|cloud_?nat|(?:^|[^a-z])router_?nat/i;

/** The change touched the outbound path: its message, files or the settings it changed name it. */
export const touchesEgress = (c: ChangeFinding): boolean =>
  EGRESS.test(c.change.message) || c.paths.some((p) => EGRESS.test(p)) || c.settings.some((s) => EGRESS.test(s.key)) || c.hints.some((h) => EGRESS.test(h.split(' changed from ')[0] ?? ''));

/**
 * With a NAT gateway out of ports, names the latest change to the egress path that went live before the errors (the
 * gateways merged into one, addresses removed): it, at the gateway, over releases that share the errors' words and over
 * the remote host. Without one, the gateway's condition itself leads. Either way the host the callers fail to reach ranks below.
 */
export function rankNatPorts(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const nat = conditions.find((k) => k.condition === 'nat_ports' && k.confidence >= 0.5);
  if (!nat || ctx.onset === null) return;
  // Port errors that began after the errors did, or errors that are no failed connections, are not the gateway's doing.
  if (!seenByOnset(nat, ctx.onset) || !errorsWaitOrCannotConnect(ctx)) return;
  const began = Math.min(ctx.onset, ...nat.timeline.map((t) => Date.parse(t.time)));
  const change = changes
    .filter((c) => !c.inert && touchesEgress(c) && Date.parse(c.change.time) <= began)
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))[0];
  const top = hypotheses.reduce((m, o) => Math.max(m, o.score), 0);
  let lead = hypotheses.find((h) => h.support.includes(nat));
  if (change) {
    const same = hypotheses.findIndex((h) => h.suspect?.sha === change.change.sha);
    if (same >= 0) hypotheses.splice(same, 1);
    const h = fromChange(change, conditions, base, ctx, 'relevance');
    const ref = change.change.ref ? ` (${change.change.ref})` : '';
    h.service = nat.service;
    h.category = 'infrastructure';
    h.summary = `commit ${change.change.sha.slice(0, 8)} "${change.change.message}"${ref} changed the NAT or egress path ${minutes(Math.max(0, began - Date.parse(change.change.time)))} before: ${nat.summary}`;
    h.recommendations = [`Revert ${change.change.sha.slice(0, 12)} "${change.change.message}"${ref} (apply it again) or add NAT capacity back`, nat.recommendation];
    h.support = [...base, change, nat];
    hypotheses.push(h);
    lead = h;
  }
  if (!lead) return;
  lead.score = lead.confidence = Math.min(0.9, Math.max(nat.confidence, top + 0.02));
  // The remote host and the callers' own releases are what the gateway's failures reached, not why.
  for (const o of hypotheses) if (o !== lead) o.score = o.confidence = Math.min(o.score, lead.score - 0.05);
}
