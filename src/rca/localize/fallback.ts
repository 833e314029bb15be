// When no service's signals scored against their own baseline, the report still names where to look: the services of
// the metrics source's own anomalies and of the error signatures new or surged at the onset, weakest confidence, cited.
import type { EvidenceBundle } from '../bundle.js';
import type { RelatedSignature } from '../related-signatures.js';
import { cite } from '../quote.js';
import type { Candidate } from './rank-services.js';
import { fmt, serviceOfSeries } from './metric-scores.js';
import type { ServiceSignal } from './signal.js';

/** The most a fallback place weighs: below any candidate ranked on its own signals, so it reads as a lead, not a cause. */
const FALLBACK_SCORE = 0.5;
/** An anomaly this long before the onset is an older movement, not this incident's. */
const BEFORE_ONSET_MS = 5 * 60_000;

/**
 * The services anomalous by the sources' own tests, most anomalous first: a metric anomaly's score (the metrics
 * server's departure from its baseline) and a signature's share of the errors after the onset, each relative to the
 * strongest of its kind. Used only when the per-service scoring found nothing: the data moved, so the ranking is never
 * empty, but every place says it is weak.
 */
export function mostAnomalous(bundle: EvidenceBundle, related: RelatedSignature[], onset: number, known: ReadonlySet<string>, max: number): Candidate[] {
  const best = new Map<string, { share: number; signal: ServiceSignal }>();
  const offer = (service: string, share: number, signal: ServiceSignal) => {
    const had = best.get(service);
    if (!had || had.share < share) best.set(service, { share, signal });
  };
  const anomalies = (bundle.anomalies?.data ?? []).filter((a) => Date.parse(a.time) >= onset - BEFORE_ONSET_MS && a.score > 0);
  const top = Math.max(0, ...anomalies.map((a) => a.score));
  for (const a of anomalies) {
    const service = serviceOfSeries(a.labels);
    if (!service) continue;
    const what = `${a.series || a.metric} ${a.direction === 'up' ? 'rose' : 'fell'} from ${fmt(a.before)} to ${fmt(a.after)} at ${a.time} (the metrics source's anomaly score ${fmt(a.score)})`;
    const evidence = bundle.anomalies ? cite(bundle, bundle.anomalies.call_id, what, [a.series, a.metric]) : null;
    offer(service, a.score / top, { service, kind: 'other', family: a.metric, z: a.score, start: Date.parse(a.time), what, evidence, weak: true });
  }
  const heaviest = Math.max(0, ...related.map((r) => r.weight));
  for (const r of related) {
    // A signature's service as the logs name it; one the data knows by no other name is still where the errors are.
    const service = r.service;
    if (!service || heaviest === 0) continue;
    const what = `${r.post} ${r.sig.level} entries of "${r.sig.template.slice(0, 120)}" in ${service} after the onset against ${r.pre} before`;
    const evidence = bundle.signatures ? cite(bundle, bundle.signatures.call_id, what, [r.sig.example.split('\n')[0] ?? '', r.sig.template]) : null;
    offer(service, r.weight / heaviest, { service, kind: 'log_errors', family: 'logs', z: r.post, start: null, what, evidence, weak: true });
  }
  return [...best]
    .sort((a, b) => b[1].share - a[1].share || +known.has(b[0]) - +known.has(a[0]) || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([service, { share, signal }], i, all) => ({
      service,
      score: FALLBACK_SCORE * share,
      category: 'unknown' as const,
      nature: 'anomalous by the sources\' own tests, though no signal of its own stood out against its baseline (low confidence)',
      signals: [signal],
      why: all[i + 1] ? `its ${signal.kind === 'log_errors' ? 'new errors weigh' : 'anomaly scores'} more than ${all[i + 1]![0]}'s` : 'the last service the sources found anomalous',
      explainedBy: null,
    }));
}

