// A certificate that expired because its renewal failed for weeks: the renewal's date (cert-manager's series) long past,
// the ACME challenges refused, and the change to blame the latest before that renewal fell due to what it passes through.
import { describe, expect, it } from 'vitest';
import { renewalPathCommits } from '../../src/core/sources/git-candidates.js';
import type { Finding } from '../../src/rca/analyzer.js';
import { certExpirySeries } from '../../src/rca/analyzers/cert-expiry-series.js';
import { renewalBlocker } from '../../src/rca/analyzers/renewal-blocker.js';
import type { EvidenceBundle } from '../../src/rca/bundle.js';
import { rank } from '../../src/rca/rank.js';
import { commit, deployment, handBundle, signature } from './helpers.js';
import { ctxFor, MIN, ONSET } from './rank-findings.js';

const DAY = 24 * 60 * MIN;
const CERT = { issuer_kind: 'Issuer', issuer_name: 'letsencrypt', name: 'billing-api-tls', namespace: 'billing' };
const DUE = ONSET - 29 * DAY;

// Twelve days before the renewal fell due: a basic-auth middleware on every route of the edge, the ACME path forgotten.
const AUTH_DIFF =
  'diff --git a/platform/traefik/ingress-routes.yaml b/platform/traefik/ingress-routes.yaml\n@@ -8,4 +8,7 @@ spec:\n   routes:\n     - match: HostRegexp(`{any:.+}`)\n+      middlewares:\n+        - name: staff-basic-auth\n';
const auth = commit('aa11aa11aa11', 'Require staff login on every route of the edge', DUE - 12 * DAY, ['platform/traefik/ingress-routes.yaml']);
// Older still, and a change to the same files that does nothing to authentication.
const older = commit('bb22bb22bb22', 'Raise the edge read timeout', DUE - 20 * DAY, ['platform/traefik/ingress-routes.yaml']);
const OLDER_DIFF = 'diff --git a/platform/traefik/ingress-routes.yaml b/platform/traefik/ingress-routes.yaml\n@@ -3,3 +3,3 @@\n-  readTimeout: 30s\n+  readTimeout: 60s\n';
// The service's own release three hours before: it changed API keys, which the errors do not involve.
const release = commit('cc33cc33cc33', 'Rotate the webhook signing key daily', ONSET - 180 * MIN, ['billing-api/internal/keys/rotate.go']);

const CHALLENGE = 'propagation check failed: wrong status code \'<*>\', expected \'<*>\'';

function bundle(opts: { due?: number; failures?: boolean; diffs?: Array<[ReturnType<typeof commit>, string]> } = {}): EvidenceBundle {
  const at = (m: number) => ONSET - 60 * MIN + m * MIN;
  const b = handBundle('billing API down behind the CDN (526)', { from: ONSET - 60 * MIN, to: ONSET + 20 * MIN }, {
    deployments: [deployment('billing-api/v8.3.0', ONSET - 180 * MIN, [release])],
    diffs: { [release.sha]: '-const keyTTL = 7 * day\n+const keyTTL = day' },
    signatures:
      opts.failures === false
        ? []
        : [signature({ template: CHALLENGE, example: "propagation check failed err=\"wrong status code '401', expected '200'\" type=HTTP-01", service: 'cert-manager', base: ONSET - 60 * MIN, minutes: [[0, 4], [30, 4], [70, 4]] })],
    series: [
      { metric: 'certmanager_certificate_expiration_timestamp_seconds', labels: CERT, points: Array.from({ length: 80 }, (_, i) => [at(i), ONSET / 1000] as [number, number]) },
      { metric: 'certmanager_certificate_renewal_timestamp_seconds', labels: CERT, points: Array.from({ length: 80 }, (_, i) => [at(i), (opts.due ?? DUE) / 1000] as [number, number]) },
    ],
  });
  for (const [c, diff] of opts.diffs ?? [[auth, AUTH_DIFF], [older, OLDER_DIFF]]) {
    b.diffs.push({ call_id: `diff-${c.sha.slice(0, 4)}`, tool: 'git__show_commit', data: { ...c, diff, diff_truncated: false } });
    b.outputs[`diff-${c.sha.slice(0, 4)}`] = { tool: 'git__show_commit', text: JSON.stringify({ ...c, diff }) };
  }
  return b;
}

const ctx = ctxFor('cdn', ['cdn', 'billing-api', 'cert-manager']);
const analyze = (b: EvidenceBundle): Finding[] => [...certExpirySeries.analyze(b, ctx), ...renewalBlocker.analyze(b, ctx)];

describe('a certificate expired after weeks of failed renewals', () => {
  it('blames the latest change before the renewal fell due that put authentication in the way, at the service the certificate serves', () => {
    const v = rank(analyze(bundle()), ctx);
    expect(v.best.suspect?.sha).toBe(auth.sha);
    expect(v.best.category).toBe('certificate_or_auth');
    expect(v.best.service).toBe('billing-api');
  });

  it('blames nothing when the renewal is not overdue, when no renewal failure is logged, or when no change touched authentication', () => {
    expect(renewalBlocker.analyze(bundle({ due: ONSET + 10 * DAY }), ctx)).toEqual([]);
    expect(renewalBlocker.analyze(bundle({ failures: false }), ctx)).toEqual([]);
    expect(renewalBlocker.analyze(bundle({ diffs: [[older, OLDER_DIFF]] }), ctx)).toEqual([]);
  });

  it('reads no change made after the renewal fell due (that one could not have blocked it)', () => {
    const late = { ...auth, time: new Date(DUE + 2 * DAY).toISOString() };
    expect(renewalBlocker.analyze(bundle({ diffs: [[late, AUTH_DIFF]] }), ctx)).toEqual([]);
  });

  it("has the month-old change's diff read: a manifest commit to what a renewal passes through", () => {
    const b = bundle();
    b.commits = { call_id: 'commits', tool: 'git__get_recent_commits', data: [release, auth, older, commit('dd44dd44dd44', 'Improve README', DUE - 5 * DAY, ['README.md'])] };
    expect(renewalPathCommits(b, ONSET - DAY)).toEqual([auth.sha, older.sha]);
  });
});
