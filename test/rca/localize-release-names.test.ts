// A Helm-installed system seen by cAdvisor (pod + container) and by Prometheus' pod discovery (`up` by pod only):
// the OOM-killed app is ranked under the app's name, never under its release-prefixed workload or the scrape job.
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import type { EvidenceBundle } from '../../src/rca/bundle.js';
import { releaseAliases } from '../../src/rca/release-names.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { handBundle, minuteSeries, signature, span } from './helpers.js';

const BASE = Date.parse('2026-06-02T14:00:00Z');
const MIN = 60_000;
const ONSET = 20;
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
const APPS = ['web-bff', 'catalog-api', 'basket-api', 'ordering-api'];
const INCIDENT = 'shop: checkout and catalog pages failing since about 14:20 UTC';
const podOf = (app: string) => `shop-${app}-7d9f8c6b5-x2k4q`;
const wobble = (m: number, i: number) => 1 + 0.03 * Math.sin(m * 1.3 + i);

/** One app's cAdvisor memory (pod + container) and its pod's `up` from the kubernetes-pods job (pod only). */
function app(name: string, i: number, oom: boolean): SeriesSamples[] {
  const pod = podOf(name);
  const mem = (m: number) => (oom ? (m < 12 ? 200 : 200 + (m - 12) * 40) : 180 + 10 * i) * 1e6 * wobble(m, i);
  return [
    minuteSeries('container_memory_working_set_bytes', { namespace: 'shop', pod, container: name, job: 'kubelet' }, BASE, oom ? ONSET : 30, mem),
    minuteSeries('up', { job: 'kubernetes-pods', namespace: 'shop', pod, instance: `10.1.4.${10 + i}:8080` }, BASE, 30, (m) => (oom && m >= ONSET ? 0 : 1)),
  ];
}

function bundle(): EvidenceBundle {
  const series = APPS.flatMap((a, i) => app(a, i, a === 'catalog-api'));
  // The caller's errors name no host: only the target that went down says where they end.
  const signatures = [signature({ template: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure', service: 'web-bff', base: BASE, minutes: span(ONSET, 30, 12) })];
  return handBundle(INCIDENT, WINDOW, { series, signatures });
}

describe('Helm release prefixes and discovery jobs in the ranking', () => {
  it('learns the release-prefixed workload -> app from the series that carry pod and container', () => {
    const aliases = releaseAliases(bundle());
    expect(aliases.get('shop-catalog-api')).toBe('catalog-api');
    expect(aliases.size).toBe(APPS.length);
  });

  it('ranks the OOM-killed app first under its own name, with no candidate named after its release or the scrape job', () => {
    const r = runAnalyzers(bundle(), ANALYZERS, () => {});
    expect(r.failed).toEqual([]);
    const verdict = rank(r.findings, r.context);
    expect(verdict.best.service).toBe('catalog-api');
    const named = [verdict.best, ...verdict.others].map((h) => h.service);
    expect(named).not.toContain('kubernetes-pods');
    expect(named).not.toContain('shop-catalog-api');
    expect(verdict.best.summary + verdict.others.map((h) => h.summary).join(' ')).not.toMatch(/dependency shop-catalog-api/);
  });

  it('merges no two names that only share an ending, when no pod runs a container of the shorter name', () => {
    // Near miss: `admin-orders` and `orders` are two workloads; their pods' containers are their own names.
    const series = ['orders', 'admin-orders'].map((a, i) => minuteSeries('container_memory_working_set_bytes', { pod: `${a}-6c8d7b5f4-k2m9x`, container: a }, BASE, 30, (m) => 100 * wobble(m, i)));
    expect(releaseAliases(handBundle(INCIDENT, WINDOW, { series })).size).toBe(0);
  });
});
