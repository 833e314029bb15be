// The metrics source as the offline engine reads it: anomalies, error rates and the metric list, then the
// gauges' and request counters' series over the window (slots anomalies, errorRates, series, counters).
import type { SeriesSamples } from '../../core/evidence.js';
import type { Cited } from '../bundle.js';
import { offlineSource } from '../offline-source.js';
import { parseAnomalies, parseErrorRates, parseMatrix, parseMetricNames } from '../../core/contracts/metrics.js';
import { REQUEST_COUNTER } from '../signals.js';

/** The engine reads every service's series, not a model-sized sample of them. */
const WHOLE = { max_output_bytes: 512 * 1024 };

export const METRICS_OFFLINE = offlineSource({
  server: 'metrics',
  async gather({ window, bundle, maxSeries, call, json, cited }) {
    const { since, until } = window;
    const stepSeconds = Math.max(15, Math.ceil((window.to - window.from) / 1000 / 90 / 15) * 15);
    const [anomalies, rates, metricList] = await Promise.all([
      call('get_anomalies', { since, until }),
      call('get_error_rates', { since, until }),
      call('list_metrics', { ...WHOLE }),
    ]);
    bundle.anomalies = cited(anomalies, parseAnomalies);
    bundle.errorRates = cited(rates, parseErrorRates);
    const listed = json(metricList) ? parseMetricNames(json(metricList)) : [];
    // The gauges' shapes over the window (pinned pools, climbing memory, filling disks).
    const gaugeNames = listed
      .filter((m) => (m.type ? /gauge|untyped|unknown/i.test(m.type) : !/_(total|count|sum|bucket|created)$/.test(m.name)))
      .slice(0, maxSeries)
      .map((m) => m.name);
    // Request counters, raw: the total traffic per service (a step up is load; tiny traffic makes a noisy error share).
    const counterNames = listed
      .filter((m) => (m.type ? /counter/i.test(m.type) : /_total$/.test(m.name)) && REQUEST_COUNTER.test(m.name))
      .slice(0, 3)
      .map((m) => m.name);
    const range = (query: string) => call('query_range', { query, start: since, end: until, step: `${stepSeconds}s`, ...WHOLE });
    const counterCalls = Promise.all(counterNames.map(range));
    const series = await Promise.all(gaugeNames.map(range));
    // A backend that leaves __name__ out of the result still answered for the name we asked.
    const named = (c: Cited<SeriesSamples[]> | null, name: string) => (c ? { ...c, data: c.data.map((x) => ({ ...x, metric: x.metric || name })) } : null);
    series.forEach((s, i) => {
      const c = named(cited(s, parseMatrix), gaugeNames[i]!);
      if (c) bundle.series.push(c);
    });
    (await counterCalls).forEach((s, i) => {
      const c = named(cited(s, parseMatrix), counterNames[i]!);
      if (c) bundle.counters.push(c);
    });
    // Calls finish in any order; the analyzers read a stable one.
    bundle.series.sort((a, b) => (a.data[0]?.metric ?? '').localeCompare(b.data[0]?.metric ?? ''));
    bundle.counters.sort((a, b) => (a.data[0]?.metric ?? '').localeCompare(b.data[0]?.metric ?? ''));
  },
});
