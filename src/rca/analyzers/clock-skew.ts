// A node's clock off by seconds (its timex offset, or its kernel's or time daemon's own lines) while tokens are refused as
// not yet valid: whoever signed them there stamped them in the future. A node's condition no release's words explain.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import { canonicalEntity, mentionedEntities } from '../entities.js';
import { cite, refs } from '../quote.js';
import { matching, textOf } from '../signals.js';
import { quantile } from '../series.js';
import { nodeOf } from '../../core/series-labels.js';

/**
 * A token or certificate used before its validity began (golang-jwt "token is not valid yet", PyJWT "The token is not yet
 * valid (iat)", jsonwebtoken "jwt not active", "used before issued"). Go's x509 "has expired or is not yet valid" is not
 * one: it says the same for an expired certificate.
 */
export const NOT_YET_VALID =
  /(?<!expired or (?:is )?)\bnot (?:yet )?valid yet\b|(?<!expired or (?:is )?)\bnot yet valid\b|\bjwt not active\b|\bused before (?:it was )?issued\b|\bissued (?:at )?in the future\b|\b(?:iat|nbf)\b.{0,40}\bin the future\b|\bImmatureSignatureError\b/i;
/** A node's offset from true time (node_exporter's timex offset, an NTP or chrony exporter's offset). */
const OFFSET_METRIC = /timex_offset|clock_(?:offset|skew)|(?:ntp|chrony|time)_offset/i;
/** A synchronised clock is within milliseconds; token and TLS checks allow a few seconds of leeway at most. */
const SKEWED_SECONDS = 1;
/** How long before the onset a clock may have jumped (scrapes lag, and tokens live minutes). */
const BEFORE_MS = 15 * 60_000;

export interface SkewedNode {
  node: string;
  /** What shows it: the offset series' name, or the line the node logged. */
  series: string;
  /** The largest offset seen, in seconds (signed; NaN when a line announced a jump without its size). */
  offset: number;
  /** When the offset first passed SKEWED_SECONDS. */
  time: number;
  callId: string;
}

/** How far a clock line says the clock was off ("wrong by -127.2 seconds", "stepped by 3.1"), in seconds, or NaN. */
const STATED = /\b(?:wrong|stepped) by ([-+]?\d+(?:\.\d+)?)|\boffset ([-+]?\d+(?:\.\d+)?)/;

/**
 * A node whose kernel or time daemon logged a clock jump near the onset (request_flows' `clock` announcements): the
 * first with a stated size of at least SKEWED_SECONDS, or failing that one that states none (a clocksource marked
 * unstable, a time jump detected).
 */
export function announcedSkew(bundle: EvidenceBundle, onset: number): SkewedNode | null {
  const flows = bundle.flows;
  if (!flows) return null;
  const near = (flows.data.announcements ?? []).filter((a) => a.kind === 'clock' && a.time >= onset - BEFORE_MS && a.time <= onset + BEFORE_MS);
  const sized = near.map((a) => {
    const m = STATED.exec(a.text);
    return { a, offset: m ? Number(m[1] ?? m[2]) : NaN };
  });
  const pick = sized.find((x) => Math.abs(x.offset) >= SKEWED_SECONDS) ?? sized.find((x) => Number.isNaN(x.offset));
  if (!pick) return null;
  // chrony states the correction it needs: "wrong by -127" is a clock 127 s ahead.
  const offset = /\bwrong by\b/.test(pick.a.text) ? -pick.offset : pick.offset;
  return { node: pick.a.host ?? pick.a.service ?? 'a node', series: pick.a.text, offset, time: pick.a.time, callId: flows.call_id };
}

/** The node whose clock offset passed a second near or after `onset`, from a near-zero baseline; the largest such. */
export function skewedNode(bundle: EvidenceBundle, onset: number): SkewedNode | null {
  let best: SkewedNode | null = null;
  for (const c of bundle.series) {
    for (const s of c.data) {
      if (!OFFSET_METRIC.test(s.metric)) continue;
      const past = s.points.find(([t, v]) => t >= onset - BEFORE_MS && Math.abs(v) >= SKEWED_SECONDS);
      if (!past) continue;
      const before = s.points.filter(([t]) => t < past[0]).map(([, v]) => Math.abs(v));
      // A clock always that far off is no event of this incident.
      if (before.length > 0 && quantile(before, 0.5) >= SKEWED_SECONDS / 2) continue;
      const peak = s.points.filter(([t]) => t >= past[0]).reduce((m, [, v]) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
      const node = nodeOf(s.labels);
      if (!best || Math.abs(peak) > Math.abs(best.offset)) best = { node, series: s.metric, offset: peak, time: past[0], callId: c.call_id };
    }
  }
  return best;
}

export const clockSkew: Analyzer = {
  name: 'clock-skew',
  description: "Tokens or certificates refused as not yet valid while a node's clock is off",
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const early = matching(ctx, NOT_YET_VALID);
    if (early.sigs.length === 0 || early.weight < 0.1) return [];
    const node = skewedNode(bundle, ctx.onset) ?? announcedSkew(bundle, ctx.onset);
    if (!node) return [];
    const top = early.sigs.sort((a, b) => b.weight - a.weight)[0]!;
    const issuer = issuerOf(early.sigs.map(textOf), ctx.services, ctx.entities, [top.service, ctx.affectedService]);
    const size = Math.abs(node.offset);
    const ran = Number.isNaN(size) ? 'jumped' : `ran ${size.toFixed(size >= 10 ? 0 : 1)} s ${node.offset > 0 ? 'ahead' : 'behind'}`;
    return [
      {
        kind: 'condition',
        condition: 'clock_skew',
        category: 'infrastructure',
        service: issuer,
        analyzer: this.name,
        summary:
          `the clock of ${node.node} ${ran} (${node.series}) from ${new Date(node.time).toISOString()}: ` +
          `tokens${issuer ? ` ${issuer} signed there` : ' signed there'} are refused as not yet valid: "${top.sig.template}" (${top.post}×)`,
        confidence: Math.min(0.9, 0.6 + 0.3 * Math.min(1, early.weight * 1.5)),
        evidence: refs(
          cite(bundle, node.callId, `${node.node}'s clock was off`, [node.series]),
          bundle.signatures ? cite(bundle, bundle.signatures.call_id, `${top.post} entries: refused as not yet valid`, [top.sig.example.split('\n')[0] ?? '', top.sig.template]) : null,
        ),
        timeline: [{ time: new Date(node.time).toISOString(), source: node.callId === bundle.flows?.call_id ? 'logs' : 'metrics', event: `${node.node}'s clock was off: ${node.series}` }],
        names: [node.node],
        recommendation: `Fix the clock of ${node.node} (chrony/NTP sync, the clocksource) or drain it, then check that tokens signed there validate again`,
      },
    ];
  },
};

/**
 * The service that signed the refused tokens: the issuer the errors name (`iss=https://auth.example.com`) as a known
 * service, or the one known service named after that host's first label (`auth` -> `auth-svc`); else unknown.
 */
export function issuerOf(texts: string[], services: ReadonlySet<string>, entities: ReadonlySet<string>, self: Array<string | null>): string | null {
  for (const text of texts) {
    for (const m of mentionedEntities(text, entities, self.filter((s): s is string => !!s))) {
      const name = canonicalEntity(m.name, services, entities);
      if (services.has(name)) return name;
      const first = name.split('.')[0]!;
      const named = [...services].filter((s) => s.split(/[-_]/)[0] === first);
      if (named.length === 1) return named[0]!;
    }
  }
  return null;
}
