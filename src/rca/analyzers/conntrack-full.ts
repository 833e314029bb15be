// Nodes whose connection-tracking table filled up (node_exporter's nf_conntrack entries at their limit, the kernel's
// "nf_conntrack: table full, dropping packet"): every pod there loses new connections, whoever opened them all.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite, refs } from '../quote.js';
import { matching, seriesName } from '../signals.js';
import { quantile } from '../series.js';
import { nodeOf } from '../../core/series-labels.js';

/** The kernel's own words when the table is full (netfilter: "nf_conntrack: table full, dropping packet"). */
export const TABLE_FULL = /\bnf_conntrack: table full, dropping packet\b|\bip_conntrack: table full, dropping packet\b/i;
/** node_exporter's entries and their limit (`node_nf_conntrack_entries`, `node_nf_conntrack_entries_limit`). */
const ENTRIES = /conntrack_entries$/;
const LIMIT = /conntrack_(?:entries_limit|max)$/;
/** A table this close to its limit drops packets in bursts (entries expire and refill between scrapes). */
const FULL = 0.95;
/** How long before the onset the table may have filled (scrapes lag, and TIME_WAIT entries live two minutes). */
const BEFORE_MS = 15 * 60_000;

export interface FullTable {
  node: string;
  series: string;
  limit: number;
  /** When the entries first reached the limit. */
  time: number;
  callId: string;
}

/** The nodes whose entries reached FULL of their limit near the onset, from well below it before. */
export function fullTables(bundle: EvidenceBundle, onset: number): FullTable[] {
  const all = bundle.series.flatMap((c) => c.data.map((s) => ({ s, callId: c.call_id })));
  const limits = new Map<string, number>();
  for (const { s } of all) if (LIMIT.test(s.metric) && s.points.length) limits.set(nodeOf(s.labels), quantile(s.points.map(([, v]) => v), 0.5));
  const out: FullTable[] = [];
  for (const { s, callId } of all) {
    if (!ENTRIES.test(s.metric) || LIMIT.test(s.metric)) continue;
    const node = nodeOf(s.labels);
    const limit = limits.get(node);
    if (!limit || limit <= 0) continue;
    const hit = s.points.find(([t, v]) => t >= onset - BEFORE_MS && v >= FULL * limit);
    if (!hit) continue;
    const before = s.points.filter(([t]) => t < hit[0]).map(([, v]) => v);
    // A table always near full is no event of this incident (a node sized that tight is a standing risk, not the onset).
    if (before.length === 0 || quantile(before, 0.5) >= 0.8 * limit) continue;
    out.push({ node, series: seriesName(s), limit, time: hit[0], callId });
  }
  return out.sort((a, b) => a.time - b.time);
}

export const conntrackFull: Analyzer = {
  name: 'conntrack-full',
  description: "Nodes whose connection-tracking table filled up: the kernel drops every pod's new connections there",
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const tables = fullTables(bundle, ctx.onset);
    const kernel = matching(ctx, TABLE_FULL);
    if (tables.length === 0 && kernel.sigs.length === 0) return [];
    const nodes = [...new Set(tables.map((t) => t.node))];
    const first = tables[0];
    const line = kernel.sigs.sort((a, b) => b.post - a.post)[0];
    const where = nodes.length ? `${nodes.length === 1 ? 'node' : 'nodes'} ${nodes.join(', ')}` : 'a node';
    return [
      {
        kind: 'condition',
        condition: 'conntrack_full',
        category: 'infrastructure',
        service: null,
        analyzer: this.name,
        summary:
          `the connection-tracking table of ${where} is full` +
          (first ? ` (${first.series} reached its limit of ${first.limit} at ${new Date(first.time).toISOString()})` : '') +
          (line ? `; the kernel drops packets: "${line.sig.template}" (${line.post}×)` : '') +
          ': every pod there fails to open new connections, to healthy servers too',
        confidence: Math.min(0.85, (first ? 0.6 : 0.45) + (line ? 0.2 : 0) + (nodes.length > 1 ? 0.05 : 0)),
        evidence: refs(
          first ? cite(bundle, first.callId, `${first.node}'s conntrack table at its limit`, [first.series]) : null,
          line && bundle.signatures ? cite(bundle, bundle.signatures.call_id, `${line.post} kernel lines: table full`, [line.sig.template]) : null,
        ),
        timeline: tables.slice(0, 3).map((t) => ({ time: new Date(t.time).toISOString(), source: 'metrics' as const, event: `${t.node}'s conntrack table full (${t.limit} entries)` })),
        names: nodes,
        recommendation: `Find the workload on ${where} that opens a new connection per request (keep-alive off, no pooling) and make it reuse connections; raise nf_conntrack_max or shorten TIME_WAIT tracking only as a stopgap`,
      },
    ];
  },
};
