// A certificate that expired as the incident began, read from its own expiry-date series (cert-manager, blackbox):
// no error line says so when the clients are outside (a CDN answering 526) and the service just goes quiet.
import { describe, expect, it } from 'vitest';
import { certExpirySeries } from '../../src/rca/analyzers/cert-expiry-series.js';
import { emptyBundle } from '../../src/rca/bundle.js';
import { rank } from '../../src/rca/rank.js';
import { ctxFor, MIN, ONSET } from './rank-findings.js';

const CERT = { issuer_kind: 'ClusterIssuer', issuer_name: 'letsencrypt-prod', name: 'partner-api-tls', namespace: 'partners' };

/** Expiry-date series (Unix seconds) sampled each minute over the window. */
function bundleOf(series: Array<{ metric: string; labels: Record<string, string>; value: number }>) {
  const b = emptyBundle('526 from the CDN', { from: new Date(ONSET - 60 * MIN).toISOString(), to: new Date(ONSET + 30 * MIN).toISOString() }, new Date(ONSET + 30 * MIN).toISOString());
  const text = series.map((s) => `${s.metric} ${JSON.stringify(s.labels)} ${s.value}`).join('\n');
  b.outputs.c4 = { tool: 'metrics__query_range', text };
  b.series.push({
    call_id: 'c4',
    tool: 'metrics__query_range',
    data: series.map((s) => ({ metric: s.metric, labels: s.labels, points: Array.from({ length: 90 }, (_, i) => [ONSET - 60 * MIN + i * MIN, s.value] as [number, number]) })),
  });
  return b;
}

describe('a certificate past its expiry date at the onset', () => {
  const ctx = ctxFor('partner-api', ['partner-api', 'cloudflare', 'cert-manager']);

  it("finds it, names the service its certificate serves, and ranks it as certificate_or_auth", () => {
    const b = bundleOf([
      { metric: 'certmanager_certificate_expiration_timestamp_seconds', labels: CERT, value: ONSET / 1000 },
      { metric: 'certmanager_certificate_expiration_timestamp_seconds', labels: { ...CERT, name: 'shop-tls', namespace: 'shop' }, value: ONSET / 1000 + 58 * 86400 },
      { metric: 'probe_ssl_earliest_cert_expiry', labels: { instance: 'https://api.partners.example.com/healthz' }, value: ONSET / 1000 },
    ]);
    const found = certExpirySeries.analyze(b, ctx);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'condition', condition: 'cert_auth', certificate: true, service: 'partner-api' });
    expect(found[0]!.evidence.length).toBeGreaterThan(0);
    const v = rank(found, ctx);
    expect(v.best.category).toBe('certificate_or_auth');
    expect(v.best.service).toBe('partner-api');
  });

  it('says nothing of a certificate valid for weeks, one long expired, or a series that holds no date', () => {
    const b = bundleOf([
      { metric: 'certmanager_certificate_expiration_timestamp_seconds', labels: CERT, value: ONSET / 1000 + 20 * 86400 },
      { metric: 'x509_cert_not_after', labels: { secret_name: 'old-tls' }, value: ONSET / 1000 - 30 * 86400 },
      // Seconds left and renewal dates are not expiry dates.
      { metric: 'ssl_certificate_expiry_seconds', labels: CERT, value: 120 },
      { metric: 'certmanager_certificate_renewal_timestamp_seconds', labels: CERT, value: ONSET / 1000 - 30 * MIN / 1000 },
    ]);
    expect(certExpirySeries.analyze(b, ctx)).toEqual([]);
  });
});
