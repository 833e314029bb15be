// Localization of faults read from series kinds beyond CPU and memory: a service's disk I/O or free disk departing
// (resource pressure), and a pod's packets dropped and retransmitted (its own network path), each above its callers.
import { describe, expect, it } from 'vitest';
import type { EvidenceBundle } from '../../src/rca/bundle.js';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { limitReading } from '../../src/rca/localize/saturation.js';
import { ownDeparture } from '../../src/rca/localize/weak-departures.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2026-03-02T11:00:00Z');
const MIN = 60_000;
const ONSET = 20; // 11:20
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
const SERVICES = ['frontend', 'checkout', 'cart', 'payment', 'shipping', 'email', 'currency'];
const INCIDENT = 'shop: latency up on the frontend: p90 2.1s (usually 0.3s) since about 11:20 UTC';

function analyze(b: EvidenceBundle) {
  const r = runAnalyzers(b, ANALYZERS, () => {});
  expect(r.failed).toEqual([]);
  return rank(r.findings, r.context);
}

/** A little noise so baselines have a spread, the same for every run. */
const wobble = (m: number, i: number) => 1 + 0.04 * Math.sin(m * 1.7 + i);
const pod = (svc: string) => ({ service: svc, pod: `${svc}-5f55b6cf68-77cfw` });

type Key = 'server' | 'client' | 'extra';
/**
 * Every service's CPU, served latency and calls' latency, and one more family named `extra` (usual level per service);
 * `change` overrides some of them from the onset on.
 */
function system(extra: { metric: string; usual: (i: number) => number }, change: Record<string, Partial<Record<Key, number>>>): SeriesSamples[] {
  return SERVICES.flatMap((svc, i) => {
    const after = (m: number, key: Key, usual: number) => (m >= ONSET && change[svc]?.[key] !== undefined ? change[svc]![key]! : usual) * wobble(m, i);
    return [
      minuteSeries('pod_cpu_usage_percent', pod(svc), BASE, 30, (m) => (8 + i) * wobble(m, i)),
      minuteSeries('pod_server_latency_p90_seconds', pod(svc), BASE, 30, (m) => after(m, 'server', 0.05 + 0.01 * i)),
      minuteSeries('pod_client_latency_p90_seconds', pod(svc), BASE, 30, (m) => after(m, 'client', 0.04 + 0.01 * i)),
      minuteSeries(extra.metric, pod(svc), BASE, 30, (m) => after(m, 'extra', extra.usual(i))),
    ];
  });
}

/** A cumulative counter per service whose rate is `rate(svc, minute)`. */
function counter(metric: string, rate: (svc: string, i: number, m: number) => number): SeriesSamples[] {
  return SERVICES.map((svc, i) => {
    let total = 0;
    return minuteSeries(metric, pod(svc), BASE, 30, (m) => (total += 60 * rate(svc, i, m)));
  });
}

/** Callers of the culprit (checkout calls cart, frontend calls checkout) slow down with it. */
const callersSlow = { checkout: { server: 2, client: 1.9 }, frontend: { server: 2.1, client: 2 } };

describe('disk pressure', () => {
  it('ranks the service whose disk writes soared first, as resource exhaustion, above its slowed callers', () => {
    const b = handBundle(INCIDENT, WINDOW, {
      series: system({ metric: 'pod_cpu_usage_percent_unused', usual: () => 1 }, { ...callersSlow, cart: { server: 1.4 } }),
      counters: counter('container_fs_writes_bytes_total', (svc, i, m) => (svc === 'cart' && m >= ONSET ? 9e7 : (2e5 + 1e4 * i) * wobble(m, i))),
    });
    const verdict = analyze(b);
    expect(verdict.best.service).toBe('cart');
    expect(verdict.best.category).toBe('resource_exhaustion');
    expect(verdict.best.summary).toContain('container_fs_writes_bytes_total');
    expect(verdict.best.summary).toContain('disk I/O or space moved');
  });

  it('reads free disk falling as the pressure, says it fell, and ranks that service first', () => {
    const b = handBundle(INCIDENT, WINDOW, {
      series: system({ metric: 'disk_free_percent', usual: (i) => 55 + i }, { ...callersSlow, cart: { server: 1.4, extra: 2 } }),
    });
    const cart = metricSignals(b, BASE + ONSET * MIN).signals.find((s) => s.service === 'cart' && s.kind === 'disk');
    expect(cart?.what).toMatch(/disk_free_percent.* fell from 57\.3 to 1\.92, 98 % of its limit in use \(robust z 9\.\d/);
    const verdict = analyze(b);
    expect(verdict.best.service).toBe('cart');
    expect(verdict.best.category).toBe('resource_exhaustion');
  });

  it('reads free bytes falling most of their level as a strong departure with no limit to read them against', () => {
    const b = handBundle(INCIDENT, WINDOW, {
      series: system({ metric: 'kubelet_volume_stats_available_bytes', usual: (i) => 4e9 + 1e8 * i }, { ...callersSlow, cart: { server: 1.4, extra: 1e8 } }),
    });
    const cart = metricSignals(b, BASE + ONSET * MIN).signals.find((s) => s.service === 'cart' && s.kind === 'disk');
    expect(cart?.what).toMatch(/fell from 4221640992 to 96032885 \(robust z 9\.\d/);
    const verdict = analyze(b);
    expect(verdict.best.service).toBe('cart');
    expect(verdict.best.category).toBe('resource_exhaustion');
  });

  it('does not read free disk rising (a clean-up) as pressure', () => {
    const b = handBundle(INCIDENT, WINDOW, {
      series: system({ metric: 'disk_free_percent', usual: (i) => 30 + i }, { email: { extra: 90 } }),
    });
    expect(metricSignals(b, BASE + ONSET * MIN).signals.filter((s) => s.kind === 'disk')).toEqual([]);
  });
});

describe('a pod\'s own network faults', () => {
  // Its own served latency, timed inside the process, hardly moves: the time is lost on the wire, in its callers' calls.
  it('ranks the pod whose packets are dropped and retransmitted first, as a dependency failure, above its callers', () => {
    const b = handBundle(INCIDENT, WINDOW, {
      series: system({ metric: 'pod_tcp_retransmits_per_second', usual: (i) => 0.5 + 0.1 * i }, { ...callersSlow, cart: { extra: 40 } }),
      counters: counter('container_network_receive_packets_dropped_total', (svc, i, m) => (svc === 'cart' && m >= ONSET ? 120 : 0.2 * wobble(m, i))),
    });
    const verdict = analyze(b);
    expect(verdict.best.service).toBe('cart');
    expect(verdict.best.category).toBe('dependency_failure');
    expect(verdict.best.summary).toMatch(/packets_dropped|retransmits/);
    expect(verdict.best.summary).toContain('network faults (drops, loss, retransmits) moved');
  });
});

describe('headroom read against its limit and on its own scale', () => {
  const series = (usual: number, after: number) => minuteSeries('disk_free_percent', {}, BASE, 30, (m) => (m >= ONSET ? after : usual) * wobble(m, 0)).points;
  it('reads free space falling near zero as the limit reached, and a small fall on its own scale as a weak departure', () => {
    expect(limitReading('disk_free_percent', series(60, 3), BASE + ONSET * MIN, null, 'down')).toMatchObject({ reached: true });
    expect(limitReading('disk_free_percent', series(60, 50), BASE + ONSET * MIN, null, 'down')?.reached).toBe(false);
    expect(ownDeparture(series(60, 40), BASE + ONSET * MIN, 'down')?.z).toBeGreaterThan(3);
    expect(ownDeparture(series(60, 40), BASE + ONSET * MIN, 'up')).toBeNull();
  });
});

describe('a caller waiting on its calls', () => {
  const findings = (b: EvidenceBundle) => runAnalyzers(b, ANALYZERS, () => {}).findings.flatMap((f) => (f.kind === 'condition' && f.condition === 'anomaly' ? [f] : []));
  // netem on a callee's interface: the callee's own handling is unchanged, its callers' handling rises with their calls'.
  it('marks a candidate whose handling time rose with its own calls\' time as waiting on a callee', () => {
    const b = handBundle(INCIDENT, WINDOW, { series: system({ metric: 'pod_cpu_usage_percent_unused', usual: () => 1 }, callersSlow) });
    const waiting = findings(b).filter((f) => f.waits).map((f) => f.service);
    expect(waiting).toEqual(expect.arrayContaining(['frontend', 'checkout']));
  });

  it('near miss: a caller slower while its own calls answer as fast as before waits on nothing it calls', () => {
    const own = { checkout: { server: 2 }, frontend: { server: 2.1 } };
    const b = handBundle(INCIDENT, WINDOW, { series: system({ metric: 'pod_cpu_usage_percent_unused', usual: () => 1 }, own) });
    const found = findings(b);
    expect(found.map((f) => f.service)).toContain('checkout');
    expect(found.filter((f) => f.waits)).toEqual([]);
  });
});
