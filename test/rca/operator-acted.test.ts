// An untagged platform commit that an operator acts on (KEDA setting a workload's replicas to the minReplicaCount the
// commit lowered to 0): the operator's structured line names the object and the setting, so it times the change.
import { describe, expect, it } from 'vitest';
import { AnnouncementLog } from '../../servers/logs/announcements.js';
import { pickCandidateCommits } from '../../src/core/sources/git-candidates.js';
import { operatorObjects } from '../../servers/logs/operator-objects.js';
import type { Finding } from '../../src/rca/analyzer.js';
import { changeCorrelation } from '../../src/rca/analyzers/change-correlation.js';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { rank } from '../../src/rca/rank.js';
import { declares, syncedCandidates } from '../../src/rca/synced-commits.js';
import { commit, deployment, handBundle, withFlows } from './helpers.js';
import { condition, ctxFor, MIN, ONSET } from './rank-findings.js';

type Announced = NonNullable<RequestFlows['announcements']>[number];
type ChangeFinding = Extract<Finding, { kind: 'change' }>;

const RECONCILE = { ScaledObject: 'shop/search-api', 'scaledobject.Name': 'search-api', 'scaledObject.Namespace': 'shop' };
const SET_MIN = { 'scaledobject.Name': 'search-api', 'scaledObject.Namespace': 'shop', 'scaleTarget.Name': 'search-api', 'Original Replicas Count': 1, 'New Replicas Count': 0 };

describe("an operator's structured line", () => {
  it('names the object it acted on by its fields, by Kind key or by kind-prefixed name and namespace', () => {
    expect(operatorObjects('Successfully set ScaleTarget replicas count to ScaledObject minReplicaCount', SET_MIN)).toEqual(['scaledobject/shop/search-api']);
    expect(operatorObjects('Reconciled ScaledObject', RECONCILE)).toEqual(['ScaledObject/shop/search-api']);
    expect(operatorObjects('Certificate updated', { Certificate: { name: 'api-tls', namespace: 'edge' } })).toEqual(['Certificate/edge/api-tls']);
  });

  it('names nothing when it only reads, finds nothing changed, or the value is no Kubernetes name', () => {
    expect(operatorObjects('Getting metrics from scaler', RECONCILE)).toEqual([]);
    // Logged on every periodic resync, changed or not.
    expect(operatorObjects('Reconciling ScaledObject', RECONCILE)).toEqual([]);
    // A capitalised field holding a bare word, a name without its namespace.
    expect(operatorObjects('Order updated', { Status: 'paid', 'order.Name': 'a-17' })).toEqual([]);
    expect(operatorObjects('Reconciled: no changes', RECONCILE)).toEqual([]);
    expect(operatorObjects('Reconciling ScaledObject', { ScaledObject: 'shop/$(rm -rf /)' })).toEqual([]);
    expect(operatorObjects('Reconciling ScaledObject', null)).toEqual([]);
  });

  it('is kept as a control plane applying configuration', () => {
    const log = new AnnouncementLog();
    log.add(ONSET - 2 * MIN, { line: 1, continuation: 0, time: null, level: 'info', service: 'keda-operator', message: 'Successfully set ScaleTarget replicas count to ScaledObject minReplicaCount', fields: SET_MIN });
    expect(log.result()).toMatchObject([{ kind: 'config', objects: ['scaledobject/shop/search-api'] }]);
  });
});

describe('a manifest file named for its object', () => {
  it('declares it whatever kind the controller says, unless its diff shows another kind', () => {
    expect(declares({ path: 'platform/keda/search-api.yaml', text: '   scaleTargetRef:\n     name: search-api\n-  minReplicaCount: 1\n+  minReplicaCount: 0\n' }, 'ScaledObject/shop/search-api')).toBe(true);
    expect(declares({ path: 'platform/keda/search-api.yaml', text: ' kind: Deployment\n-  replicas: 1\n' }, 'ScaledObject/shop/search-api')).toBe(false);
    expect(declares({ path: 'platform/keda/search-api-canary.yaml', text: '' }, 'ScaledObject/shop/search-api')).toBe(false);
  });
});

const KEDA_DIFF =
  'diff --git a/platform/keda/search-api.yaml b/platform/keda/search-api.yaml\n@@ -6,7 +6,7 @@ metadata:\n spec:\n   scaleTargetRef:\n     name: search-api\n-  minReplicaCount: 1\n+  minReplicaCount: 0\n   maxReplicaCount: 6\n   cooldownPeriod: 300\n';
const release = commit('a0a0a0a0a0a0', 'Sort results by score', ONSET - 40 * MIN, ['search-api/src/sort.ts']);
const keda = commit('b1b1b1b1b1b1', 'keda: let quiet services scale to zero', ONSET - 70 * MIN, ['platform/keda/search-api.yaml']);
const op = (t: number, text: string, objects: string[]): Announced => ({ time: t, service: 'keda-operator', kind: 'config', text, objects });
const setMin = op(ONSET - 2 * MIN, 'Successfully set ScaleTarget replicas count to ScaledObject minReplicaCount', ['scaledobject/shop/search-api']);
// A GitOps controller's sync of the object (Argo CD), half an hour before.
const reconciled = op(ONSET - 30 * MIN, 'Applying resource ScaledObject/search-api in cluster: https://kubernetes.default.svc, namespace: shop', ['ScaledObject/search-api']);

function bundleWith(announcements: Announced[]): EvidenceBundle {
  const b = handBundle('search: bursts of 503 no healthy upstream', { from: ONSET - 60 * MIN, to: ONSET + 20 * MIN }, {
    deployments: [deployment('search-api/v3.1.0', ONSET - 40 * MIN, [release])],
    diffs: { [release.sha]: '-  return a.rank - b.rank\n+  return b.score - a.score' },
  });
  b.commits = { call_id: 'commits', tool: 'git__get_recent_commits', data: [keda, release] };
  b.outputs.commits = { tool: 'git__get_recent_commits', text: JSON.stringify([keda, release]) };
  b.diffs.push({ call_id: 'diff-keda', tool: 'git__show_commit', data: { ...keda, diff: KEDA_DIFF, diff_truncated: false } });
  b.outputs['diff-keda'] = { tool: 'git__show_commit', text: JSON.stringify({ ...keda, diff: KEDA_DIFF }) };
  withFlows(b, { announcements });
  return b;
}

describe('an untagged commit whose changed setting an operator acted on', () => {
  it("has its diff read: a file under an autoscaler's folder is a deployment manifest", () => {
    expect(pickCandidateCommits(bundleWith([]), ONSET - 12 * 60 * MIN, ONSET + 20 * MIN, 10)).toContain(keda.sha);
  });

  it('is live from the line acting on that setting, more than an hour after the merge, and belongs to that object', () => {
    const [c] = syncedCandidates(bundleWith([reconciled, setMin]), ONSET - 24 * 60 * MIN, ONSET + 2 * MIN);
    expect(c).toMatchObject({ commit: { sha: keda.sha }, liveAt: ONSET - 2 * MIN, actsOn: 'search-api' });
  });

  it('is live from its sync alone when no line names the setting, and not at all when neither comes', () => {
    const other = op(ONSET - 2 * MIN, 'Successfully updated ScaleTarget', ['scaledobject/shop/search-api']);
    expect(syncedCandidates(bundleWith([reconciled, other]), ONSET - 24 * 60 * MIN, ONSET)).toMatchObject([{ liveAt: ONSET - 30 * MIN }]);
    expect(syncedCandidates(bundleWith([other]), ONSET - 24 * 60 * MIN, ONSET)).toEqual([]);
  });

  it("is blamed for the service's replicas gone at the onset, as that service's change, over its own release", () => {
    const ctx = ctxFor('edge-gateway', ['edge-gateway', 'search-api']);
    const changes = changeCorrelation.analyze(bundleWith([reconciled, setMin]), ctx).filter((f): f is ChangeFinding => f.kind === 'change');
    const gone = condition({ condition: 'crash_loop', category: 'infrastructure', service: 'search-api', confidence: 0.65 });
    const v = rank([...changes, gone], ctx);
    expect(v.best.suspect?.sha).toBe(keda.sha);
    expect(v.best.service).toBe('search-api');
    expect(v.best.category).toBe('config_error');
  });
});
