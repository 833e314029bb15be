// A pod killed, crashed or evicted leaves no restart count when a new pod replaces it: its series end after the
// onset and a new pod's begin. That service is ranked first; a scale-out or data ending everywhere is no such sign.
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import type { EvidenceBundle } from '../../src/rca/bundle.js';
import { podTurnoverSignals } from '../../src/rca/localize/pod-turnover.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2026-05-11T09:00:00Z');
const MIN = 60_000;
const ONSET = 20;
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
const SERVICES = ['frontend', 'orders', 'ledger', 'stock', 'mailer'];
const INCIDENT = 'store: errors and latency up on the frontend since about 09:20 UTC';

const wobble = (m: number, i: number) => 1 + 0.04 * Math.sin(m * 1.7 + i);

/** A pod's CPU and served latency over minutes [from, to] (the callers' latency rising after the onset). */
function pod(svc: string, i: number, name: string, from = 0, to = 30): SeriesSamples[] {
  const slow = (svc === 'frontend' || svc === 'orders') ? 3 : 1;
  const keep = (s: SeriesSamples) => ({ ...s, points: s.points.filter(([t]) => t >= BASE + from * MIN && t <= BASE + to * MIN) });
  return [
    keep(minuteSeries('pod_cpu_usage_percent', { service: svc, pod: name }, BASE, 30, (m) => (8 + i) * wobble(m, i))),
    keep(minuteSeries('pod_server_latency_p90_seconds', { service: svc, pod: name }, BASE, 30, (m) => (0.05 + 0.01 * i) * (m >= ONSET ? slow : 1) * wobble(m, i))),
  ];
}

function system(extra: (svc: string, i: number) => SeriesSamples[] = () => []): SeriesSamples[] {
  return SERVICES.flatMap((svc, i) => extra(svc, i).length ? extra(svc, i) : pod(svc, i, `${svc}-5f55b6cf68-77cfw`));
}

function analyze(b: EvidenceBundle) {
  const r = runAnalyzers(b, ANALYZERS, () => {});
  expect(r.failed).toEqual([]);
  return rank(r.findings, r.context);
}

describe('pods replaced or gone after the onset', () => {
  it('ranks the service whose pod was replaced first, as the platform\'s doing, naming both pods', () => {
    const series = system((svc, i) => (svc === 'ledger' ? [...pod(svc, i, 'ledger-6c8d7b5f4-k2m9x', 0, ONSET), ...pod(svc, i, 'ledger-6c8d7b5f4-p7q4w', ONSET + 2)] : []));
    const verdict = analyze(handBundle(INCIDENT, WINDOW, { series }));
    expect(verdict.best.service).toBe('ledger');
    expect(verdict.best.category).toBe('infrastructure');
    expect(verdict.best.summary).toContain('pod ledger-6c8d7b5f4-k2m9x stopped reporting');
    expect(verdict.best.summary).toContain('ledger-6c8d7b5f4-p7q4w');
  });

  it('reads a lone pod that stopped with no replacement as certain, and one of several as half that', () => {
    const lone = podTurnoverSignals(handBundle(INCIDENT, WINDOW, { series: system((svc, i) => (svc === 'stock' ? pod(svc, i, 'stock-0', 0, ONSET + 1) : [])) }), BASE + ONSET * MIN);
    expect(lone.signals).toHaveLength(1);
    expect(lone.signals[0]).toMatchObject({ service: 'stock', kind: 'restarts' });
    expect(lone.signals[0]!.what).toContain('with no pod of the service left reporting');
    const twoPods = (svc: string, i: number) => (svc === 'stock' ? [...pod(svc, i, 'stock-0', 0, ONSET + 1), ...pod(svc, i, 'stock-1')] : []);
    const one = podTurnoverSignals(handBundle(INCIDENT, WINDOW, { series: system(twoPods) }), BASE + ONSET * MIN);
    expect(one.signals[0]!.z).toBe(lone.signals[0]!.z / 2);
    expect(one.signals[0]!.what).toContain('while its other pods went on');
  });

  it('gives nothing for a scale-out, a pod gone long before the onset, or data that ends for every pod at once', () => {
    const onset = BASE + ONSET * MIN;
    const scaleOut = (svc: string, i: number) => (svc === 'orders' ? [...pod(svc, i, 'orders-a'), ...pod(svc, i, 'orders-b', ONSET + 2)] : []);
    expect(podTurnoverSignals(handBundle(INCIDENT, WINDOW, { series: system(scaleOut) }), onset).signals).toEqual([]);
    const early = (svc: string, i: number) => (svc === 'mailer' ? [...pod(svc, i, 'mailer-a', 0, 5), ...pod(svc, i, 'mailer-b', 6)] : []);
    expect(podTurnoverSignals(handBundle(INCIDENT, WINDOW, { series: system(early) }), onset).signals).toEqual([]);
    const allEnd = SERVICES.flatMap((svc, i) => pod(svc, i, `${svc}-x`, 0, ONSET + 3));
    expect(podTurnoverSignals(handBundle(INCIDENT, WINDOW, { series: allEnd }), onset).signals).toEqual([]);
  });
});
