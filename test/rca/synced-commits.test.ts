// A manifest commit no release tag shipped, applied by a GitOps or mesh control plane (Argo CD, Flux, istiod): the
// logged apply names the object, ties it to the commit whose files declare it, and that commit becomes a live change.
import { describe, expect, it } from 'vitest';
import { AnnouncementLog, announcedKind, appliedObjects, MAX_ANNOUNCEMENTS } from '../../servers/logs/announcements.js';
import { pickCandidateCommits } from '../../src/core/sources/git-candidates.js';
import type { Finding } from '../../src/rca/analyzer.js';
import { changeCorrelation } from '../../src/rca/analyzers/change-correlation.js';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { declares, syncedCandidates } from '../../src/rca/synced-commits.js';
import { commit, deployment, handBundle, withFlows } from './helpers.js';
import { ctxFor, MIN, ONSET } from './rank-findings.js';

type Announced = NonNullable<RequestFlows['announcements']>[number];
type ChangeFinding = Extract<Finding, { kind: 'change' }>;

describe('a control plane applying a declared object', () => {
  it.each([
    ['Push debounce stable[412] 2 for config DestinationRule/shop/tax-svc and 1 more configs: 100.2ms since last change, full=true', ['DestinationRule/shop/tax-svc']],
    ['Applying resource VirtualService/tax-svc in cluster: https://kubernetes.default.svc, namespace: shop', ['VirtualService/tax-svc']],
    ['server-side apply completed: Deployment/shop/ledger configured, ConfigMap/shop/ledger-env configured', ['Deployment/shop/ledger', 'ConfigMap/shop/ledger-env']],
  ])('%j is a configuration change naming %j', (line, objects) => {
    expect(announcedKind(line)).toBe('config');
    expect(appliedObjects(line)).toEqual(objects);
  });

  it.each(['GET /api/Users/bob 200', 'ADS: new connection for node:cart-7f9c.shop-12', 'Push notification sent to Device/ab12cd', 'Applying discount code SPRING24'])(
    '%j names no applied object',
    (line) => {
      expect(appliedObjects(line).length === 0 || announcedKind(line) === null).toBe(true);
      expect(appliedObjects(line).filter((o) => o.startsWith('Users') || o.startsWith('Device'))).toEqual([]);
    },
  );

  it("are kept apart from the services' own reloads: a mesh pushing all day crowds out no reload", () => {
    const log = new AnnouncementLog();
    const entry = (message: string, service: string) => ({ line: 1, continuation: 0, time: null, level: 'info' as const, service, message });
    log.add(ONSET - 10 * MIN, entry('configuration reloaded with 2 changes', 'pricing'));
    for (let i = 0; i < 3 * MAX_ANNOUNCEMENTS; i++) log.add(ONSET - 9 * MIN + i * 1000, entry(`Push debounce stable[${i}] 1 for config ServiceEntry/shop/ep-${i}: full=false`, 'istiod'));
    const kept = log.result();
    expect(kept.some((a) => a.service === 'pricing')).toBe(true);
    expect(kept.filter((a) => a.service === 'istiod')).toHaveLength(MAX_ANNOUNCEMENTS);
  });
});

describe('a file declaring an object', () => {
  it('is named for it by path or text, kind and name both', () => {
    expect(declares({ path: 'tax-svc/deploy/destination-rule.yaml', text: '+  subsets:\n' }, 'DestinationRule/shop/tax-svc')).toBe(true);
    expect(declares({ path: 'mesh/routes.yaml', text: ' kind: VirtualService\n metadata:\n   name: tax-svc\n' }, 'VirtualService/shop/tax-svc')).toBe(true);
    // Another object of the same kind, or the same name of another kind.
    expect(declares({ path: 'tax-svc-canary/deploy/destination-rule.yaml', text: '' }, 'DestinationRule/shop/tax-svc')).toBe(false);
    expect(declares({ path: 'tax-svc/deploy/deployment.yaml', text: '+ replicas: 3\n' }, 'DestinationRule/shop/tax-svc')).toBe(false);
  });
});

const DR_DIFF =
  'diff --git a/tax-svc/deploy/destination-rule.yaml b/tax-svc/deploy/destination-rule.yaml\n@@ -9,3 +9,10 @@\n       http:\n         http1MaxPendingRequests: 256\n+  subsets:\n+    - name: stable\n+      labels:\n+        track: stable\n';
const released = commit('c0c0c0c0c0c0', 'Retry a tax quote once on 5xx', ONSET - 120 * MIN, ['checkout/internal/tax/client.go']);
const mesh = commit('d1d1d1d1d1d1', 'Canary-ready routing for tax-svc: stable and canary subsets', ONSET - 4 * MIN, ['tax-svc/deploy/destination-rule.yaml']);
const pushed = (t: number, object = 'DestinationRule/shop/tax-svc'): Announced => ({ time: t, service: 'istiod', kind: 'config', text: `Push debounce stable[3] 2 for config ${object}: full=true`, objects: [object] });

function bundleWith(announcements: Announced[]): EvidenceBundle {
  const b = handBundle('checkout fails: could not calculate tax', { from: ONSET - 60 * MIN, to: ONSET + 20 * MIN }, {
    deployments: [deployment('checkout/v7.8.0', ONSET - 6 * MIN, [released])],
    diffs: { [released.sha]: '-const retries = 0\n+const retries = 1' },
  });
  b.commits = { call_id: 'commits', tool: 'git__get_recent_commits', data: [mesh, released] };
  b.outputs.commits = { tool: 'git__get_recent_commits', text: JSON.stringify([mesh, released]) };
  b.diffs.push({ call_id: 'diff-mesh', tool: 'git__show_commit', data: { ...mesh, diff: DR_DIFF, diff_truncated: false } });
  b.outputs['diff-mesh'] = { tool: 'git__show_commit', text: JSON.stringify({ ...mesh, diff: DR_DIFF }) };
  withFlows(b, { announcements });
  return b;
}

describe('an unreleased manifest commit', () => {
  it("has its diff read although a release tag exists (the git source's choice)", () => {
    const b = bundleWith([]);
    expect(pickCandidateCommits(b, ONSET - 12 * 60 * MIN, ONSET + 20 * MIN, 10)).toContain(mesh.sha);
  });

  it('is live from the apply that names what it declares', () => {
    const [c] = syncedCandidates(bundleWith([pushed(ONSET - 10_000)]), ONSET - 24 * 60 * MIN, ONSET + 2 * MIN);
    expect(c).toMatchObject({ commit: { sha: mesh.sha }, ref: null, liveAt: ONSET - 10_000 });
  });

  it('is not live from an apply of another object, nor from one before it was merged', () => {
    expect(syncedCandidates(bundleWith([pushed(ONSET - 10_000, 'ServiceEntry/shop/stripe-api')]), ONSET - 24 * 60 * MIN, ONSET)).toEqual([]);
    expect(syncedCandidates(bundleWith([pushed(ONSET - 5 * MIN)]), ONSET - 24 * 60 * MIN, ONSET)).toEqual([]);
  });

  it('becomes a change candidate timed at its apply, and is none without it', () => {
    const ctx = ctxFor('checkout', ['checkout', 'tax-svc']);
    const found = (b: EvidenceBundle) => changeCorrelation.analyze(b, ctx).filter((f): f is ChangeFinding => f.kind === 'change');
    const withApply = found(bundleWith([pushed(ONSET - 10_000)])).find((f) => f.change.sha === mesh.sha);
    expect(withApply?.change.time).toBe(new Date(ONSET - 10_000).toISOString());
    expect(withApply?.evidence.some((e) => e.call_id === 'flows')).toBe(true);
    expect(found(bundleWith([])).map((f) => f.change.sha)).toEqual([released.sha]);
  });
});
