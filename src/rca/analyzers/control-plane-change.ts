// Mutating calls a cloud or cluster audit log recorded just before the onset (request_flows' `audit` announcements:
// CloudTrail, Kubernetes audit, GCP Cloud Audit Logs), kept only when the resource they changed is tied to the failure.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { AnalysisContext } from '../context.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { rejectsCertificate, textOf } from '../signals.js';
import { serviceFromLabels } from '../../core/series-labels.js';
import { quantile } from '../series.js';
import { minutes } from './change-correlation.js';

/** How long before the onset a control-plane change may have set it off (a listener picks a certificate up in minutes). */
export const AUDIT_BEFORE_MS = 15 * 60_000;
const AFTER_MS = 60_000;

// A certificate is what the call changed: ACM's, IAM's server certificates, a listener's certificate list, cert-manager's.
const CERT_TARGET = /certificate|\/tls-|-tls\b|\btls\//i;
// A load balancer's dimension as CloudWatch exporters write it: `app/<name>/<id>` (ALB), `net/<name>/<id>` (NLB).
const ELB_DIMENSION = /^(?:app|net|gwy)\/([a-z0-9][a-z0-9-]{0,62})\/[0-9a-f]{6,}$/i;
// A series counting refused TLS handshakes at whatever terminates TLS (an ALB's ClientTLSNegotiationErrorCount,
// Envoy's ssl.connection_error, HAProxy's ssl failures).
const HANDSHAKE_SERIES = /tls_?negotiation|handshake|ssl_(?:connection_)?error|tls_error/i;

type Audit = NonNullable<NonNullable<EvidenceBundle['flows']>['data']['announcements']>[number];

/** The service a change's targets name (`loadbalancer/app/shop-alb/…`, `configmaps/shop/checkout-config`), longest first. */
export function namedService(targets: string[], services: Iterable<string>): string | null {
  const tokens = targets.flatMap((t) => t.toLowerCase().split(/[/:]/)).filter((x) => x.length >= 3);
  const names = [...services].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  return names.find((s) => tokens.some((x) => x === s || x.startsWith(`${s}-`))) ?? null;
}

/**
 * The TLS terminator whose refused handshakes stepped up at the onset (median after at least 3× the one before, and
 * by 5 or more): the component serving a certificate that changed. Null when no such series is read.
 */
export function handshakeStep(bundle: EvidenceBundle, onset: number): string | null {
  for (const c of bundle.series) {
    for (const s of c.data) {
      if (!HANDSHAKE_SERIES.test(s.metric)) continue;
      const before = s.points.filter(([t]) => t < onset - AFTER_MS).map(([, v]) => v);
      const after = s.points.filter(([t]) => t >= onset).map(([, v]) => v);
      if (before.length < 5 || after.length < 3) continue;
      const [b, a] = [quantile(before, 0.5), quantile(after, 0.5)];
      if (!(a >= 3 * b && a - b >= 5)) continue;
      const owner = serviceFromLabels(s.labels) ?? Object.values(s.labels).map((v) => ELB_DIMENSION.exec(v)?.[1]).find(Boolean);
      if (owner) return normalizeService(owner);
    }
  }
  return null;
}

/** How the call's resource is tied to the failure, and the component that uses it; null when it is not. */
export function tieToFailure(a: Audit, bundle: EvidenceBundle, ctx: AnalysisContext): { link: 'named' | 'certificate'; uses: string | null } | null {
  const targets = a.objects ?? [];
  const own = a.service ? normalizeService(a.service) : null;
  const failing = new Set(ctx.related.filter((r) => r.post > r.pre).flatMap((r) => (r.service ? [normalizeService(r.service)] : [])));
  if (ctx.affectedService) failing.add(ctx.affectedService);
  const named = namedService(targets, [...ctx.services].filter((s) => s !== own));
  const texts = ctx.related.filter((r) => r.post > r.pre).map(textOf);
  // The resource by name in the failing lines (a configmap, a bucket, a security group's id) or a failing service's.
  const inLines = targets.some((t) => {
    const last = t.slice(t.lastIndexOf('/') + 1).toLowerCase();
    return last.length >= 6 && texts.some((x) => x.toLowerCase().includes(last));
  });
  if ((named && failing.has(named)) || inLines) return { link: 'named', uses: named ?? ctx.affectedService };
  // A certificate replaced while clients began to refuse certificates: the component serving it.
  if ((CERT_TARGET.test(a.text) || targets.some((t) => CERT_TARGET.test(t))) && texts.some(rejectsCertificate) && ctx.onset !== null) {
    return { link: 'certificate', uses: named ?? handshakeStep(bundle, ctx.onset) ?? ctx.affectedService };
  }
  return null;
}

export const controlPlaneChange: Analyzer = {
  name: 'control-plane-change',
  description: 'Mutating calls in cloud and cluster audit logs (CloudTrail, Kubernetes, GCP) just before the onset on a resource the failure is tied to',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    const flows = bundle.flows;
    if (onset === null || !flows) return [];
    const near = (flows.data.announcements ?? []).filter((a) => a.kind === 'audit' && a.time >= onset - AUDIT_BEFORE_MS && a.time <= onset + AFTER_MS);
    return near.flatMap((a): Finding[] => {
      const tie = tieToFailure(a, bundle, ctx);
      if (!tie) return [];
      const gap = Math.max(0, onset - a.time);
      const when = gap < 60_000 ? 'less than a minute' : minutes(gap);
      return [{
        kind: 'runtime_change',
        analyzer: this.name,
        service: tie.uses,
        time: new Date(a.time).toISOString(),
        change: 'audit',
        text: a.text,
        link: tie.link,
        ...(a.actor ? { actor: a.actor } : {}),
        summary: `a control-plane change ${when} before the first errors, on a resource ${tie.uses ?? 'the failing component'} uses: "${a.text}"`,
        // Full strength within five minutes (a listener or a rollout picks a change up in minutes), fading after.
        confidence: 0.85 * Math.exp(-Math.max(0, gap - 5 * 60_000) / (20 * 60_000)),
        evidence: refs(cite(bundle, flows.call_id, 'an audit log recorded a mutating call', [a.text])),
        timeline: [{ time: new Date(a.time).toISOString(), source: 'logs', event: `control-plane change: ${a.text}` }],
      }];
    });
  },
};
