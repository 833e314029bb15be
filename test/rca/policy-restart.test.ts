// A mesh access policy read at pod start: callers refused with 403 since the callee's release restarted its pods,
// under a policy commit applied an hour before; the policy is named at the callee, not the release or the callers.
import { describe, expect, it } from 'vitest';
import { setsInboundPolicy } from '../../src/rca/inbound-policy.js';
import { rank } from '../../src/rca/rank.js';
import { change, condition, ctxFor } from './rank-findings.js';

const ISTIO_DIFF = `diff --git a/mesh/ledger/authz.yaml b/mesh/ledger/authz.yaml
+apiVersion: security.istio.io/v1
+kind: AuthorizationPolicy
+metadata:
+  name: ledger-allow-mesh
+spec:
+  action: ALLOW`;

describe('an inbound access policy that bites at the next restart', () => {
  it("reads a mesh's inbound policy (Linkerd annotation, Istio AuthorizationPolicy, strict mTLS) in added lines", () => {
    expect(setsInboundPolicy('+    config.linkerd.io/default-inbound-policy: all-authenticated')).toBe(true);
    expect(setsInboundPolicy(ISTIO_DIFF)).toBe(true);
    expect(setsInboundPolicy('+  mtls:\n+    mode: STRICT')).toBe(true);
    // Removing a policy admits more callers; a Deployment is no policy.
    expect(setsInboundPolicy('-    config.linkerd.io/default-inbound-policy: all-authenticated')).toBe(false);
    expect(setsInboundPolicy('+kind: Deployment')).toBe(false);
  });

  const ctx = ctxFor('ledger', ['ledger', 'statement-job']);
  // Applied 75 minutes before the onset, with no effect until ledger's release restarted its pods 10 minutes before.
  const policy = change('f24b3515aaaa', 'platform: ledger namespace admits only meshed clients', 75, {
    relevance: 0.05,
    paths: ['platform/mesh/ledger.yaml'],
    configOnly: true,
    admits: true,
    change: { sha: 'f24b3515aaaa', ref: 'platform/2026.12.05-1', message: 'platform: ledger namespace admits only meshed clients', author: 'Ops <ops@example.com>', time: '' },
  });
  policy.change.time = new Date(Date.parse('2026-12-05T14:00:00Z') - 75 * 60_000).toISOString();
  const release = change('095f9dd9bbbb', 'ledger: show VAT number on statements', 10, { relevance: 0.1, paths: ['ledger/pdf.go'] });
  release.change.ref = 'ledger/v2.31.0';
  // The callers' 403s point at ledger's host; the job's runs look like a traffic step at the caller.
  const refused = condition({ condition: 'cert_auth', category: 'certificate_or_auth', service: 'ledger', confidence: 0.46 });
  const traffic = condition({ condition: 'capacity', category: 'capacity', service: 'statement-job', confidence: 0.6 });

  it('names the policy commit at the callee, over its release (the restart) and the callers’ traffic', () => {
    const v = rank([policy, release, refused, traffic], ctx);
    expect(v.best.suspect?.sha).toBe(policy.change.sha);
    expect(v.best).toMatchObject({ category: 'certificate_or_auth', service: 'ledger' });
    expect(v.best.summary).toContain('ledger/v2.31.0');
  });

  it('leaves the ranking alone when no release of the callee restarted it before the onset', () => {
    const other = { ...release, change: { ...release.change, ref: 'statement-job/v1.2.0' } };
    expect(rank([policy, other, refused, traffic], ctx).best.suspect?.sha).not.toBe(policy.change.sha);
  });
});
