// Someone ran `kubectl set env` on a Deployment (no commit, no tag): its events show a new ReplicaSet replacing the old
// one, and its new pods are then evicted for their ephemeral storage. That rollout is the change named, not an older release.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import type { RequestFlows } from '../../src/rca/bundle.js';
import { unreleasedRollout } from '../../src/rca/analyzers/unreleased-rollout.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { announcedKind } from '../../servers/logs/announcements.js';
import { commit, deployment, handBundle, signature, withFlows } from './helpers.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

type Announced = NonNullable<RequestFlows['announcements']>[number];
type RuntimeFinding = Extract<Finding, { kind: 'runtime_change' }>;

const ctx = ctxFor('checkout', ['checkout', 'ledger']);
const scaled = (gap: number, text: string): Announced => ({ time: ONSET - gap * MIN, service: 'ledger', kind: 'lifecycle', text });
const ROLLOUT = [
  scaled(30, 'ScalingReplicaSet: Scaled up replica set ledger-7c5d9f8b6d to 1'),
  scaled(29, 'ScalingReplicaSet: Scaled down replica set ledger-5b8c6d7f9c to 1'),
  scaled(28, 'ScalingReplicaSet: Scaled down replica set ledger-5b8c6d7f9c to 0'),
];
const EVICTED = 'Evicted: Pod ephemeral local storage usage exceeds the total limit of containers 512Mi.';

function analyzed(announcements: Announced[], opts: { release?: number; eviction?: string } = {}): RuntimeFinding[] {
  const b = handBundle('checkout: payments reset since 14:00', { from: ONSET - 110 * MIN, to: ONSET + 20 * MIN }, {
    signatures: [signature({ template: opts.eviction ?? EVICTED, service: 'ledger', base: ONSET, minutes: [[0, 1], [4, 1]], level: 'warn' })],
    deployments: [deployment('ledger/v2.3.0', opts.release ?? ONSET - 80 * MIN, [commit('a'.repeat(40), 'ledger: retry the settlement lookup once', ONSET - 90 * MIN, ['ledger/src/settle.ts'])])],
  });
  withFlows(b, { announcements });
  return unreleasedRollout.analyze(b, ctx) as RuntimeFinding[];
}

describe('a rollout with no release behind it', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(unreleasedRollout);
  });

  it("reads a JSON event's rollout line (its reason first) as the workload change it is", () => {
    expect(announcedKind('ScalingReplicaSet: Scaled up replica set ledger-7c5d9f8b6d to 1')).toBe('lifecycle');
    expect(announcedKind('Scaled down replica set ledger-5b8c6d7f9c to 0')).toBe('lifecycle');
    expect(announcedKind('payment 4f2a: Scaled up replica set of nothing')).toBeNull();
  });

  it('is found when a new ReplicaSet replaced the old one, no tag went live then, and the new pods were evicted for storage', () => {
    const [f, ...rest] = analyzed(ROLLOUT);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'runtime_change', service: 'ledger', change: 'config', time: new Date(ONSET - 30 * MIN).toISOString() });
    expect(f!.text).toContain('ledger-7c5d9f8b6d');
  });

  it('is not found for a release that rolled it out, a scale-up alone, or evictions for another resource', () => {
    expect(analyzed(ROLLOUT, { release: ONSET - 31 * MIN })).toEqual([]);
    // An autoscaler scaling the current ReplicaSet up replaces nothing.
    expect(analyzed([scaled(30, 'ScalingReplicaSet: Scaled up replica set ledger-5b8c6d7f9c to 4')])).toEqual([]);
    expect(analyzed(ROLLOUT, { eviction: 'Evicted: The node was low on resource: memory.' })).toEqual([]);
  });

  it('is ranked over the release live long before it, with no commit named', () => {
    const [rollout] = analyzed(ROLLOUT);
    const older = change('a'.repeat(40), 'ledger: retry the settlement lookup once', 80, { relevance: 0.7, matched: ['ledger', 'settlement'], paths: ['ledger/src/settle.ts'] });
    const errors: Finding = { kind: 'new_errors', analyzer: 'new-signatures', service: 'ledger', templates: [EVICTED], summary: `ledger: new error "${EVICTED}"`, confidence: 0.8, evidence: [], timeline: [] };
    expect(rank([errors, older], ctx).best.suspect?.sha).toBe(older.change.sha);
    const v = rank([errors, older, rollout!], ctx);
    expect(v.best.suspect).toBeNull();
    expect(v.best.service).toBe('ledger');
    expect(v.best.category).toBe('config_error');
    expect(v.ruledOut.map((r) => r.what).join(' ')).toContain('aaaaaaaa');
  });
});
