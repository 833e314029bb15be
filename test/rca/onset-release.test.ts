// A release deployed seconds before the first errors against an older one tied to them only by words: the rollout the
// errors start with is blamed (a read-replica switch 10 s before, over a caller's release 7 min before sharing "checkout").
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { onsetRelease } from '../../src/rca/onset-release.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';
import { releaseRestart } from '../../src/rca/release-restart.js';
import type { EvidenceBundle } from '../../src/rca/bundle.js';

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

describe("a release at the onset that its component's own log shows taking effect", () => {
  // orders-api's pgx bump 9 min before shares "statement" with the errors; the platform team's PgBouncer config,
  // tagged 20 s before the onset, shares nothing, but PgBouncer logged its restart as the tag went out.
  const pgx = change('a6e46d4d'.padEnd(40, '0'), 'Bump github.com/jackc/pgx/v5 to v5.7.1 (statement cache fixes)', 9, {
    relevance: 0.4,
    matched: ['statement'],
    paths: ['orders-api/go.mod'],
    change: { sha: 'a6e46d4d'.padEnd(40, '0'), ref: 'orders-api/v2.14.0', message: 'Bump pgx', author: 'a <a@x>', time: new Date(ONSET - 9 * MIN).toISOString() },
  });
  const pooler = change('80eb6954'.padEnd(40, '0'), 'pgbouncer: transaction pooling', 20 / 60, {
    relevance: 0,
    matched: [],
    configOnly: true,
    paths: ['platform/pgbouncer/pgbouncer.ini'],
    change: { sha: '80eb6954'.padEnd(40, '0'), ref: 'pgbouncer/2026.12.06-1', message: 'pgbouncer: transaction pooling', author: 'b <b@x>', time: new Date(ONSET - 20_000).toISOString() },
  });
  const ctx = ctxFor('orders-api', ['orders-api', 'pgbouncer']);

  it('blames it over the older release tied by words, and names the component its tag releases', () => {
    const v = rank([pgx, { ...pooler, restarted: '[1] LOG process up: PgBouncer 1.20.1' }], ctx);
    expect(v.best.suspect?.sha).toBe(pooler.change.sha);
    expect(v.best.service).toBe('pgbouncer');
    expect(v.best.category).toBe('config_error');
    expect(v.best.summary).toContain('process up');
  });

  it('leaves a silent bystander at the onset behind the older release', () => {
    expect(rank([pgx, pooler], ctx).best.suspect?.sha).toBe(pgx.change.sha);
  });

  it("reads the restart from the log of the service the tag names, within two minutes of the tag", () => {
    const bundle = (service: string, time: number) =>
      ({ flows: { data: { announcements: [{ time, service, kind: 'lifecycle', text: '[1] LOG process up: PgBouncer 1.20.1' }] } } }) as unknown as EvidenceBundle;
    const live = ONSET - 20_000;
    expect(releaseRestart(bundle('pgbouncer', live + 2_100), 'pgbouncer/2026.12.06-1', live)).toContain('process up');
    expect(releaseRestart(bundle('orders-api', live + 2_100), 'pgbouncer/2026.12.06-1', live)).toBeNull();
    expect(releaseRestart(bundle('pgbouncer', live + 10 * MIN), 'pgbouncer/2026.12.06-1', live)).toBeNull();
    expect(releaseRestart(bundle('pgbouncer', live), null, live)).toBeNull();
  });
});
