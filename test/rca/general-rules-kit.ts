// What the general-rules tests share: a two-hour window with the onset at minute 80, bundles built by hand over
// it (helpers' handBundle), the analyzers and the ranking run on them, and gauges, counters and anomalies in it.
import { expect } from 'vitest';
import type { Anomaly, SeriesSamples } from '../../src/core/evidence.js';
import type { Finding } from '../../src/rca/analyzer.js';
import type { EvidenceBundle } from '../../src/rca/bundle.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { handBundle, iso, minuteSeries, type HandParts } from './helpers.js';

export const BASE = Date.parse('2026-01-10T10:00:00Z');
export const MIN = 60_000;
export const ONSET = 80;

/** The parts over the two hours from BASE. */
export const bundleOf = (parts: HandParts): EvidenceBundle => handBundle('it is broken', { from: BASE, to: BASE + 120 * MIN }, parts);

/** The analyzers (none may fail) and the ranking on `b`. */
export function analyze(b: EvidenceBundle) {
  const r = runAnalyzers(b, ANALYZERS, () => {});
  expect(r.failed).toEqual([]);
  return { ...r, verdict: rank(r.findings, r.context) };
}

export const conditions = (fs: Finding[], c: string) => fs.filter((f) => f.kind === 'condition' && f.condition === c) as Array<Extract<Finding, { kind: 'condition' }>>;

/** A series every minute over the two hours. */
export const samples = (metric: string, labels: Record<string, string>, f: (m: number) => number): SeriesSamples => minuteSeries(metric, labels, BASE, 120, f);

/** A raw counter whose rate is `rate(m)` per second. */
export function counter(metric: string, labels: Record<string, string>, rate: (m: number) => number): SeriesSamples {
  let v = 1000;
  return samples(metric, labels, (m) => (v += rate(m) * 60));
}

export function anomaly(metric: string, labels: Record<string, string>, atMin: number, before: number, after: number): Anomaly {
  const l = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  return { series: `${metric}{${l}}`, metric, labels, time: iso(BASE + atMin * MIN), before, after, relative_change: (after - before) / Math.max(before, 1e-6), direction: 'up', score: 10, kind: 'rate' };
}
