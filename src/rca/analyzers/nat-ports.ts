// NAT gateways that ran out of source ports (AWS's ErrorPortAllocation, Azure's failed SNAT connections, Cloud NAT's
// OUT_OF_RESOURCES drops): every outbound connection through them may fail, to healthy remote hosts as well.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { SeriesSamples } from '../../core/evidence.js';
import { cite, refs } from '../quote.js';
import { matching, seriesName } from '../signals.js';
import { quantile } from '../series.js';

/** The role a NAT gateway plays whatever its id: where a report puts the failure. */
export const NAT_GATEWAY = 'nat-gateway';
/** A series counting connections the NAT could not give a source port (CloudWatch's ErrorPortAllocation, GCP's nat_allocation_failed). */
const PORT_ERRORS = /error_?port_?allocation|nat_?allocation_?failed|snat_?port_?exhaust/i;
/** Azure's SNAT connection count and Cloud NAT's dropped packets count port failures under a label value. */
const LABELLED = /snat_?connection|dropped_sent_packets/i;
const FAILED_LABEL = /^(failed|out_of_resources)$/i;
/** The providers' own words for it in logs and events. */
export const OUT_OF_PORTS = /\bErrorPortAllocation\b|\bSNAT port exhaustion\b|\bSNAT ports? (?:are )?exhausted\b|\bOUT_OF_RESOURCES\b|\bnat_allocation_failed\b/i;
/** Labels naming the gateway (YACE's dimension_NatGatewayId, a gateway or router name). */
const GATEWAY_LABEL = /nat_?gateway|gateway_?id|gateway_?name|^router|^nat/i;
/** How long before the onset the errors may have begun (CloudWatch publishes a minute or more late). */
const BEFORE_MS = 30 * 60_000;

export interface PortErrors {
  gateway: string | null;
  series: string;
  /** When the errors began, and the most in one sample since. */
  time: number;
  peak: number;
  callId: string;
}

const failureSeries = (s: SeriesSamples): boolean =>
  PORT_ERRORS.test(s.metric) || (LABELLED.test(s.metric) && Object.values(s.labels).some((v) => FAILED_LABEL.test(v)));

/** The gateways whose port-allocation errors began near the onset, from none (or a trickle) before. */
export function portErrors(bundle: EvidenceBundle, onset: number): PortErrors[] {
  const out: PortErrors[] = [];
  for (const c of [...bundle.series, ...bundle.counters, ...bundle.usageCounters]) {
    for (const s of c.data) {
      if (!failureSeries(s)) continue;
      const hit = s.points.find(([t, v]) => t >= onset - BEFORE_MS && v > 0);
      if (!hit) continue;
      const before = s.points.filter(([t]) => t < hit[0]).map(([, v]) => v);
      const peak = Math.max(...s.points.filter(([t]) => t >= hit[0]).map(([, v]) => v));
      // Errors all along are a standing condition of this gateway, not an event of this incident.
      if (before.length < 3 || quantile(before, 0.9) > 0.1 * peak) continue;
      const gateway = Object.entries(s.labels).find(([k]) => GATEWAY_LABEL.test(k))?.[1] ?? null;
      out.push({ gateway, series: seriesName(s), time: hit[0], peak, callId: c.call_id });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

export const natPorts: Analyzer = {
  name: 'nat-ports',
  description: 'NAT gateways out of source ports: outbound connections through them fail, to healthy hosts too',
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const errors = portErrors(bundle, ctx.onset);
    const said = matching(ctx, OUT_OF_PORTS);
    if (errors.length === 0 && said.sigs.length === 0) return [];
    const gateways = [...new Set(errors.map((e) => e.gateway).filter((g): g is string => !!g))];
    const first = errors[0];
    const line = said.sigs.sort((a, b) => b.post - a.post)[0];
    const where = gateways.length ? `NAT gateway${gateways.length > 1 ? 's' : ''} ${gateways.join(', ')}` : 'a NAT gateway';
    return [
      {
        kind: 'condition',
        condition: 'nat_ports',
        category: 'infrastructure',
        service: NAT_GATEWAY,
        analyzer: this.name,
        summary:
          `${where} ran out of source ports` +
          (first ? ` (${first.series} from 0 to ${first.peak} per sample since ${new Date(first.time).toISOString()})` : '') +
          (line ? `; "${line.sig.template}" (${line.post}×)` : '') +
          ': outbound connections through it fail or time out, whatever remote host they go to',
        confidence: Math.min(0.85, (first ? 0.7 : 0.55) + (line ? 0.1 : 0)),
        evidence: refs(
          first ? cite(bundle, first.callId, `port allocation errors at ${first.gateway ?? 'the NAT gateway'}`, [first.gateway ?? first.series, first.series]) : null,
          line && bundle.signatures ? cite(bundle, bundle.signatures.call_id, `${line.post} lines: NAT out of ports`, [line.sig.template]) : null,
        ),
        timeline: errors.slice(0, 3).map((e) => ({ time: new Date(e.time).toISOString(), source: 'metrics' as const, event: `port allocation errors at ${e.gateway ?? 'a NAT gateway'} (${e.series})` })),
        names: [NAT_GATEWAY, ...gateways],
        recommendation: `Spread the egress over more NAT gateways or addresses (one per zone, more elastic IPs), reuse connections to the remote hosts, and find what put ${where} at its ports' limit (a change to the gateways, a traffic peak)`,
      },
    ];
  },
};
