// A release deployed seconds before the first errors against an older one tied to them only by words: the rollout the
// errors start with is blamed (a read-replica switch 10 s before, over a caller's release 7 min before sharing "checkout").
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { onsetRelease } from '../../src/rca/onset-release.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

const at = (sha: string, message: string, seconds: number, over: Parameters<typeof change>[3] = {}) =>
  change(sha, message, seconds / 60, { paths: ['order-tracking/appsettings.Production.json'], ...over });

describe('the release at the onset against an older one that shares words', () => {
  const older = change('c0ffee01'.padEnd(40, '0'), 'Send the order confirmation e-mail from a background queue', 7, {
    relevance: 0.45,
    matched: ['checkout'],
    paths: ['checkout/src/confirmation.ts'],
  });
  const replica = at('ac29715e'.padEnd(40, '0'), 'Serve order lookups from the read replica', 10, { relevance: 0.34, matched: ['lookup'], configOnly: true });

  it('blames the change deployed seconds before the onset', () => {
    const v = rank([older, replica], ctxFor('mobile-bff', ['mobile-bff', 'order-tracking', 'checkout']));
    expect(v.best.suspect?.sha).toBe(replica.change.sha);
    expect(v.best.service).toBe('order-tracking');
    expect(v.best.summary).toContain('10 seconds before the first errors');
    expect(v.ruledOut.map((r) => r.what).join(' ')).toContain('c0ffee01');
  });

  it('keeps the older change when it is tied by more than words, far closer in words, or the close one is inert', () => {
    expect(onsetRelease([older, replica], { ...older, valueHits: ['5000'] }, ONSET)).toBeUndefined();
    expect(onsetRelease([older, replica], { ...older, relevance: 0.9 }, ONSET)).toBeUndefined();
    expect(onsetRelease([older, { ...replica, inert: 'its diff touches only README.md' }], older, ONSET)).toBeUndefined();
    // A bystander at the onset that shares nothing with the errors is no suspect.
    expect(onsetRelease([older, { ...replica, relevance: 0.05 }], older, ONSET)).toBeUndefined();
    // Nor is a release deployed several minutes before: timing alone no longer tells them apart.
    expect(onsetRelease([older, at(replica.change.sha, 'x', 4 * 60, { relevance: 0.34 })], older, ONSET)).toBeUndefined();
    expect(onsetRelease([older, replica], older, ONSET)).toBe(replica);
  });

  it('does not put a release at the onset ahead of the one a memory climb began with', () => {
    const oom = condition({ condition: 'oom', category: 'resource_exhaustion', service: 'reco-service', confidence: 0.7, summary: 'reco-service: java.lang.OutOfMemoryError: Java heap space' });
    const started = change('1111aaaa'.padEnd(40, '0'), 'Keep feature vectors in memory', 100, { relevance: 0.4, growthTiming: 0.95, retention: ['memory'], paths: ['reco-service/src/FeatureStore.java'] });
    const upgrade = change('3333cccc'.padEnd(40, '0'), 'Upgrade jackson-databind to 2.17.1', 1, { relevance: 0.8, matched: ['jackson'], paths: ['reco-service/pom.xml'] });
    const ctx = { ...ctxFor('reco-service', ['reco-service']), growth: { kind: 'memory' as const, series: 'jvm_memory_used_bytes', start: ONSET - 100 * MIN } };
    expect(rank([oom, started, upgrade], ctx).best.suspect?.sha).toBe(started.change.sha);
  });
});

