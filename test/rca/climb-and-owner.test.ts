// rank() rules found by holdouts 318 and 319: a release that went live after a memory climb began did not start it,
// whatever words it shares with the errors; a setting that made a shared resource hit its limit names its own service.
import { describe, expect, it } from 'vitest';
import { changeCandidates } from '../../src/core/sources/git-candidates.js';
import type { CommitInfo } from '../../src/core/evidence.js';
import { rank } from '../../src/rca/rank.js';
import { rejectsCredentials } from '../../src/rca/signals.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

describe('a memory climb that began with an earlier release', () => {
  const oom = condition({ condition: 'oom', category: 'resource_exhaustion', service: 'reco-service', confidence: 0.7, summary: 'reco-service ran out of memory: java.lang.OutOfMemoryError: Java heap space' });
  // The release the climb began with shares no words with the errors; a later dependency upgrade shares the stack's.
  const started = change('1111aaaa2222bbbb', "Keep users' feature vectors in memory", 100, { relevance: 0.1, growthTiming: 0.95, retention: ['memory'], paths: ['reco-service/src/FeatureStore.java'] });
  const upgrade = change('3333cccc4444dddd', 'Upgrade jackson-databind to 2.17.1', 11, { relevance: 0.8, matched: ['jackson', 'databind'], paths: ['reco-service/pom.xml'] });

  it('names the release the climb began with, not a later one that shares the words of the OutOfMemoryError stack', () => {
    const ctx = { ...ctxFor('reco-service', ['reco-service']), growth: { kind: 'memory' as const, series: 'jvm_memory_used_bytes', start: ONSET - 100 * MIN } };
    const v = rank([oom, started, upgrade], ctx);
    expect(v.best.suspect?.sha).toBe(started.change.sha);
    expect(v.best.category).toBe('resource_exhaustion');
  });

  it('still names the word-matching release when there is no climb to have started before it', () => {
    const v = rank([oom, started, upgrade], ctxFor('reco-service', ['reco-service']));
    expect(v.best.suspect?.sha).toBe(upgrade.change.sha);
  });
});

describe("a setting that made another service's limit be hit", () => {
  const slots = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'postgresql', confidence: 0.7, leads: true, summary: 'a resource limit was hit in postgresql: "sorry, too many clients already" (1300×)' });
  const pool = change('5555eeee6666ffff', 'Index faster: more parallel database readers', 9, {
    relevance: 0.1,
    configOnly: true,
    paths: ['search-indexer/config/indexer.yaml'],
    hints: ['pool_max changed from 10 to 150'],
  });

  it('names the service whose setting it was, and says where it was felt', () => {
    const v = rank([slots, pool], ctxFor('orders-api', ['orders-api', 'search-indexer', 'postgresql']));
    expect(v.best.suspect?.sha).toBe(pool.change.sha);
    expect(v.best.service).toBe('search-indexer');
    expect(v.best.summary).toContain("postgresql broke after search-indexer's commit 5555eeee");
  });

  it('names the service that hit the limit when the setting is its own', () => {
    const own = { ...pool, paths: ['postgresql/conf.d/pool.yaml'] };
    expect(rank([slots, own], ctxFor('orders-api', ['orders-api', 'search-indexer', 'postgresql'])).best.service).toBe('postgresql');
  });
});

describe('credentials and timeouts', () => {
  it('keeps an explicit rejection that also mentions a timeout', () => {
    expect(rejectsCredentials('401 Unauthorized: session timed out')).toBe(true);
    expect(rejectsCredentials('auth token expired after idle timeout')).toBe(true);
    expect(rejectsCredentials('login failed: context deadline exceeded')).toBe(false);
  });
});

describe('release of a commit two tags shipped', () => {
  const commit = (sha: string, time: string): CommitInfo => ({ sha, author: 'Dev', email: 'dev@example.com', time, message: sha, body: '', files: [] });
  it("dates it by the first release that shipped it (a component's), not a later whole-repository one", () => {
    const a = commit('a'.repeat(40), '2026-04-02T09:00:00Z');
    const b = commit('b'.repeat(40), '2026-04-02T10:00:00Z');
    const deployments = [
      { tag: 'v1.1', time: '2026-04-02T15:00:00Z', sha: b.sha, annotation: null, commits: [b, a] },
      { tag: 'auth-svc/v6.1.0', time: '2026-04-02T11:00:00Z', sha: a.sha, annotation: null, commits: [a] },
    ];
    const out = changeCandidates({ deployments: { call_id: 'c1', tool: 'git__get_deployments', data: deployments }, commits: null }, 0, Date.parse('2026-04-03T00:00:00Z'));
    expect(out.map((c) => [c.commit.sha, c.ref])).toEqual([
      [b.sha, 'v1.1'],
      [a.sha, 'auth-svc/v6.1.0'],
    ]);
  });
});
