// A certificate whose own expiry-time series (cert-manager's certmanager_certificate_expiration_timestamp_seconds,
// blackbox's probe_ssl_earliest_cert_expiry, x509-exporter's x509_cert_not_after) says it expired as the incident began.
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { seriesName } from '../signals.js';
import { valueAt } from '../series.js';

const MIN = 60_000;
/** A series whose name says it holds a certificate's expiry date (not a count of expiring ones, nor seconds left). */
const EXPIRY_METRIC = /(?:cert|ssl|tls|x509)\w*(?:expir\w*(?:timestamp|time|date|unixtime)|not_?after)|earliest_cert_expiry/i;
/** The date may be read a scrape late, and clocks differ: an expiry this far after the onset still began it. */
const AFTER_MS = 5 * MIN;
/** Labels naming the certificate (cert-manager's Certificate, a Secret), from which the service it serves is read. */
const NAME_LABELS = ['name', 'certificate', 'secret_name', 'secret', 'subject_cn'];

/** A Unix time in seconds or milliseconds as ms; null for anything that is no date of this era. */
export function asDate(v: number): number | null {
  if (v >= 1e9 && v < 1e10) return v * 1000;
  if (v >= 1e12 && v < 1e13) return v;
  return null;
}

/** The service a certificate serves, from its name (`partner-api-tls` is partner-api's), when that service is known. */
export function servedBy(labels: Record<string, string>, services: ReadonlySet<string>): string | null {
  for (const k of NAME_LABELS) {
    const v = labels[k];
    if (!v) continue;
    const base = normalizeService(v.replace(/[-_.](?:tls|ssl|cert|certs|certificate|crt|secret)$/i, ''));
    if (services.has(base)) return base;
  }
  return null;
}

export const certExpirySeries: Analyzer = {
  name: 'cert-expiry-series',
  description: 'Certificates whose expiry date, as their own series report it, fell between the window start and the onset',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    if (onset === null) return [];
    const expired: Array<{ at: number; name: string; service: string | null; call: string; metric: string }> = [];
    for (const c of bundle.series) {
      for (const s of c.data) {
        if (!EXPIRY_METRIC.test(s.metric)) continue;
        const v = valueAt(s.points, onset + AFTER_MS);
        const at = v === null ? null : asDate(v);
        // Expired within the window, up to the onset: a certificate that had long expired did not begin this incident.
        if (at === null || at < ctx.from || at > onset + AFTER_MS) continue;
        expired.push({ at, name: seriesName(s), service: servedBy(s.labels, ctx.services), call: c.call_id, metric: s.metric });
      }
    }
    if (expired.length === 0) return [];
    const first = expired.find((e) => e.service !== null) ?? expired[0]!;
    const service = first.service ?? ctx.affectedService;
    const when = new Date(first.at).toISOString();
    return [
      {
        kind: 'condition',
        condition: 'cert_auth',
        category: 'certificate_or_auth',
        service,
        analyzer: this.name,
        summary: `a TLS certificate${service ? ` of ${service}` : ''} expired at ${when}, as the incident began: ${first.name}`,
        // A date is no guess: the certificate is past its notAfter, and every client that checks it refuses it.
        confidence: 0.8,
        evidence: refs(...expired.slice(0, 2).map((e) => cite(bundle, e.call, `${e.name} says the certificate expired at ${new Date(e.at).toISOString()}`, [e.metric]))),
        timeline: [{ time: when, source: 'metrics', event: `certificate expired (${first.name})` }],
        certificate: true,
        recommendation: `Renew the certificate${service ? ` of ${service}` : ''} now, then find why its automatic renewal failed (the issuer's challenges, e.g. cert-manager's Challenge and Order resources) before the next expiry`,
      },
    ];
  },
};
