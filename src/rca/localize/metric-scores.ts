// Per-service anomaly signals from every sampled metric series: each series is tied to a service through
// its labels and scored against its own baseline before the onset (robust z), never through log text.
import type { SeriesSamples } from '../../core/evidence.js';
import type { EvidenceBundle } from '../bundle.js';
import { normalizeService } from '../service-names.js';
import { cite } from '../quote.js';
import { seriesName } from '../signals.js';
import { robustScore, typicalLevel } from './robust.js';
import { metricKind, podWorkload, type ServiceSignal, type SignalSet } from './signal.js';

const SERVICE_LABELS = ['service', 'app', 'application', 'app_kubernetes_io_name', 'container', 'deployment', 'component', 'job'];

/** The service a series is about: a service-like label, else the workload of its pod. Null for system-wide series. */
export function serviceOfSeries(labels: Record<string, string>): string | null {
  for (const k of SERVICE_LABELS) if (labels[k]) return normalizeService(labels[k]!);
  if (labels.pod) return normalizeService(podWorkload(labels.pod));
  return null;
}

export function metricSignals(bundle: EvidenceBundle, onset: number): SignalSet {
  const out: ServiceSignal[] = [];
  const population = new Map<string, number>();
  for (const c of bundle.series) {
    const byMetric = new Map<string, SeriesSamples[]>();
    for (const s of c.data) byMetric.set(s.metric, [...(byMetric.get(s.metric) ?? []), s]);
    for (const [metric, list] of byMetric) {
      const kind = metricKind(metric);
      const typical = typicalLevel(list.flatMap((s) => s.points.map((p) => p[1])));
      const services = new Set(list.map((s) => serviceOfSeries(s.labels)).filter((x) => x !== null));
      population.set(metric, (population.get(metric) ?? 0) + services.size);
      for (const s of list) {
        const service = serviceOfSeries(s.labels);
        if (!service) continue;
        const r = robustScore(s.points, onset, typical);
        if (!r || r.z < 3) continue;
        const what = `${seriesName(s)} rose from ${fmt(r.baseline)} to ${fmt(r.peak)} (robust z ${r.z.toFixed(1)} against the baseline before the onset)`;
        out.push({ service, kind, family: metric, z: r.z, start: r.start, what, evidence: cite(bundle, c.call_id, what, [metric]) });
      }
    }
  }
  return { signals: out, population };
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}
