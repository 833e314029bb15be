// A Go service's release drops its CPU-quota-aware GOMAXPROCS (2 → 32 on nodes of 32 cores against a 2-core limit) and the
// CFS quota throttles it once load climbs an hour later: that release is named, not a caller's later bump sharing the timeouts' words.
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { concurrencyStep } from '../../src/rca/concurrency-step.js';
import { emptyBundle } from '../../src/rca/bundle.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

const RELEASE = ONSET - 70 * MIN;

/** go_sched_gomaxprocs_threads and kube-state-metrics' CPU limit of the old and the new ReplicaSet's pods, a sample a minute. */
function bundleWith(newValue: number, limit = 2, service = 'rates') {
  const b = emptyBundle('504s', { from: new Date(ONSET - 110 * MIN).toISOString(), to: new Date(ONSET + 10 * MIN).toISOString() }, new Date(ONSET + 10 * MIN).toISOString());
  const span = (from: number, to: number, v: number) => Array.from({ length: Math.round((to - from) / MIN) }, (_, i) => [from + i * MIN, v] as [number, number]);
  const pods = [
    { pod: `${service}-7d9c8b6f5-q2wls`, from: ONSET - 110 * MIN, to: RELEASE + 2 * MIN, v: 2 },
    { pod: `${service}-5b7f6c9d8-x8kzp`, from: RELEASE + MIN, to: ONSET + 10 * MIN, v: newValue },
  ];
  b.series.push({
    call_id: 'c17',
    tool: 'metrics__query_range',
    data: pods.map((p) => ({ metric: 'go_sched_gomaxprocs_threads', labels: { namespace: 'prod', pod: p.pod, job: service }, points: span(p.from, p.to, p.v) })),
  });
  b.series.push({
    call_id: 'c22',
    tool: 'metrics__query_range',
    data: pods.map((p) => ({ metric: 'kube_pod_container_resource_limits', labels: { namespace: 'prod', pod: p.pod, container: service, resource: 'cpu', unit: 'core' }, points: span(p.from, p.to, limit) })),
  });
  return b;
}

describe('a concurrency setting stepped past the CPU limit at a release', () => {
  it("is read from the release's own service's series, several times its limit, where it had been within it", () => {
    expect(concurrencyStep(bundleWith(32), 'rates/v2.4.0', 'rates', RELEASE)).toMatchObject({ service: 'rates', from: 2, to: 32, limit: 2 });
    // Within a few times the limit, another service's pods, or a step long after the release prove nothing.
    expect(concurrencyStep(bundleWith(4), 'rates/v2.4.0', 'rates', RELEASE)).toBeNull();
    expect(concurrencyStep(bundleWith(32, 2, 'ledger'), 'rates/v2.4.0', 'rates', RELEASE)).toBeNull();
    expect(concurrencyStep(bundleWith(32), 'rates/v2.4.0', 'rates', RELEASE - 40 * MIN)).toBeNull();
    // A limit raised with it (16 cores for 32 threads) is no mismatch.
    expect(concurrencyStep(bundleWith(32, 16), 'rates/v2.4.0', 'rates', RELEASE)).toBeNull();
  });

  it("names the release's commit that changed the setting over a caller's later bump that shares the timeouts' words", () => {
    const rel = (sha: string, message: string, names: boolean) =>
      change(sha.padEnd(40, '0'), message, 70, {
        change: { sha: sha.padEnd(40, '0'), ref: 'rates/v2.4.0', message, author: 'a <a@x>', time: new Date(RELEASE).toISOString() },
        relevance: 0.02,
        matched: [],
        paths: ['rates/go.mod'],
        concurrency: { service: 'rates', step: 'go_sched_gomaxprocs_threads of rates went from 2 to 32', names },
      });
    const caller = change('c0ffee12'.padEnd(40, '0'), 'checkout: bump httpx 0.25 -> 0.27 (read timeout fixes)', 12, { relevance: 0.7, matched: ['read', 'timeout', 'httpx'], paths: ['checkout/requirements.txt'] });
    const drop = rel('a1b2c3d4', 'rates: drop go.uber.org/automaxprocs, the runtime reads the quota now', true);
    const tag = rel('e5f6a7b8', 'rates 2.4.0: reload rate cards hourly', false);
    const ctx = ctxFor('checkout', ['checkout', 'rates']);
    // Without the step, the caller's bump wins by its words.
    expect(rank([caller, { ...drop, concurrency: undefined }, { ...tag, concurrency: undefined }], ctx).best.suspect?.sha).toBe(caller.change.sha);
    const v = rank([caller, drop, tag], ctx);
    expect(v.best.suspect?.sha).toBe(drop.change.sha);
    expect(v.best.service).toBe('rates');
    expect(v.best.summary).toContain('go_sched_gomaxprocs_threads');
  });
});
