// The numeric samples log lines carry (Heroku's log-runtime-metrics `sample#memory_total`, read by the logs server) as
// metric series: on a platform with no scrape target they are the only memory and load series there are.
import type { SeriesSamples } from '../core/evidence.js';
import type { Cited, EvidenceBundle } from './bundle.js';

/**
 * The samples request_flows answered, as a series list cited by that call, or null when there are none. A series the
 * metrics already hold under the same name and labels is left out: the scrape is the better reading of it.
 */
export function logSampleSeries(bundle: EvidenceBundle): Cited<SeriesSamples[]> | null {
  const flows = bundle.flows;
  const samples = flows?.data.samples ?? [];
  if (!flows || samples.length === 0) return null;
  const key = (s: SeriesSamples) => `${s.metric}${JSON.stringify(Object.entries(s.labels).sort())}`;
  const held = new Set(bundle.series.flatMap((c) => c.data.map(key)));
  const data = samples.filter((s) => !held.has(key(s)));
  return data.length ? { call_id: flows.call_id, tool: flows.tool, data } : null;
}

/** Adds the log lines' samples to the bundle's series, where every analyzer and the localizer read series. */
export function withLogSamples(bundle: EvidenceBundle): void {
  const c = logSampleSeries(bundle);
  if (c) bundle.series.push(c);
}
