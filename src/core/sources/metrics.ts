// The metrics source: --metrics (an OpenMetrics file or a Prometheus URL), and the engine's reading of anomalies,
// error rates and the metric list, then the gauges', histograms' p90, timers' mean and request counters' series (slots anomalies, errorRates, series, counters).
import { z } from 'zod';
import type { Anomaly, ErrorRateSeries, SeriesSamples } from '../evidence.js';
import { num, optStr, str } from '../contracts/fields.js';
import { findArray, parseItems, type ListContract } from '../contracts/parse.js';
import { histogramFamilies, quantileName, quantileQuery } from './histogram-families.js';
import { meanFamilies, meanPartQuery, meanSeries } from './mean-latency.js';
import { STATUS_LABELS } from '../series-labels.js';
import { EVICTIONS, gaugeReadOrder, metricKind } from '../metric-kind.js';
import { isCacheCounterName } from '../cache-outcome.js';
import { abs, defineSource, flagPath, isUrl, nonEmpty, spanProbe, type Cited } from './source.js';

const anomalySchema = z.object({
  series: z.string().default(''),
  metric: str,
  labels: z.record(z.string(), z.string()).default({}),
  time: str,
  before: num,
  after: num,
  relative_change: num.default(0),
  direction: z.enum(['up', 'down']),
  score: num.default(0),
  kind: z.enum(['gauge', 'rate']).default('gauge'),
});
const errorRateSchema = z.object({
  service: str,
  points: z.array(z.tuple([z.string(), num])).default([]),
  baseline: num.default(0),
  peak: num.default(0),
  peak_time: optStr.transform((v) => v ?? null),
});
/** A sample's value: a number or Prometheus's text for one ("0.25", "NaN", "+Inf"). */
const sampleValue = z.union([z.number(), z.string()]).transform(Number);
const matrixSchema = z.object({
  metric: z.record(z.string(), z.string()).default({}),
  // A histogram_quantile is NaN where nothing was observed: that step has no value, the rest of the series stands.
  values: z
    .array(z.tuple([num, sampleValue]))
    .default([])
    .transform((vs) => vs.filter(([, v]) => Number.isFinite(v))),
});

export const ANOMALIES: ListContract<Anomaly> = { keys: ['anomalies'], item: anomalySchema };
export const ERROR_RATES: ListContract<ErrorRateSeries> = { keys: ['services', 'series', 'error_rates'], item: errorRateSchema };
export const MATRIX: ListContract<z.output<typeof matrixSchema>> = { keys: ['result'], item: matrixSchema, plain: plainMatrixItem };

export const parseAnomalies = (j: unknown): Anomaly[] | null => parseItems(j, ANOMALIES);
export const parseErrorRates = (j: unknown): ErrorRateSeries[] | null => parseItems(j, ERROR_RATES);

/**
 * matrixSchema's reading of a well-formed series (string labels, [finite number, number or string] pairs), done by
 * hand: zod spent ~100 ms of each run on the thousands of pairs of the query_range answers. Anything else is
 * undefined, and the schema reads it (with its coercions, defaults and drops).
 */
export function plainMatrixItem(item: unknown): z.output<typeof matrixSchema> | undefined {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const { metric = {}, values = [] } = item as { metric?: unknown; values?: unknown };
  if (!metric || typeof metric !== 'object' || Array.isArray(metric) || !Array.isArray(values)) return undefined;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(metric)) {
    if (typeof v !== 'string' || k === '__proto__') return undefined;
    labels[k] = v;
  }
  const out: Array<[number, number]> = [];
  // Indexed reads, not for-of and array destructuring: their iterator protocol is what this loop spent its time on.
  const pairs = values as unknown[];
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const t: unknown = pair[0];
    const raw: unknown = pair[1];
    if (typeof t !== 'number' || !Number.isFinite(t) || (typeof raw !== 'string' && (typeof raw !== 'number' || !Number.isFinite(raw)))) return undefined;
    const v = Number(raw);
    if (Number.isFinite(v)) out.push([t, v]);
  }
  return { metric: labels, values: out };
}

/** Prometheus matrix (or {data:{result}}) into samples with ms times. */
export function parseMatrix(j: unknown): SeriesSamples[] | null {
  const items = parseItems(j, MATRIX);
  if (!items) return null;
  return items.map((s) => {
    const { __name__: name, ...labels } = s.metric;
    const points: Array<[number, number]> = [];
    for (let i = 0; i < s.values.length; i++) {
      const t = s.values[i]![0];
      points.push([t < 1e11 ? t * 1000 : t, s.values[i]![1]]);
    }
    return { metric: name ?? '', labels, points };
  });
}

/** Metric names from list_metrics, in whatever listing shape it uses; counters' suffixes marked; label names when listed. */
export function parseMetricNames(j: unknown): Array<{ name: string; type: string | null; labels: string[] }> {
  const arr = findArray(j, ['metrics', 'series', 'names']) ?? [];
  const seen = new Map<string, { type: string | null; labels: Set<string> }>();
  for (const item of arr) {
    if (typeof item === 'string') {
      const name = item.split('{')[0]!;
      if (!seen.has(name)) seen.set(name, { type: null, labels: new Set() });
    } else if (item && typeof item === 'object') {
      const rec = item as Record<string, unknown>;
      const labels = rec.labels && typeof rec.labels === 'object' ? (rec.labels as Record<string, unknown>) : undefined;
      const raw = rec.name ?? rec.metric ?? rec.__name__ ?? labels?.__name__ ?? rec.series;
      if (typeof raw !== 'string') continue;
      const name = raw.split('{')[0]!;
      const type = typeof rec.type === 'string' ? rec.type : null;
      const entry = seen.get(name) ?? { type, labels: new Set<string>() };
      if (entry.type === null) entry.type = type;
      for (const k of Object.keys(labels ?? {})) if (k !== '__name__') entry.labels.add(k);
      seen.set(name, entry);
    }
  }
  return [...seen].map(([name, e]) => ({ name, type: e.type, labels: [...e.labels] }));
}

/**
 * A counter of requests: named like one, or counting by a response status under another name (Micrometer's
 * http_server_requests_seconds_count{status}, an exporter's http_server_responses_total{code}); not a sum or a bucket.
 */
export function isRequestCounter(m: { name: string; labels: string[] }): boolean {
  if (REQUEST_COUNTER.test(m.name)) return true;
  return !/_(sum|bucket)$|bytes/.test(m.name) && m.labels.some((l) => STATUS_LABELS.includes(l));
}

/** Counters of CPU time used: their rate is how many cores a service keeps busy. */
const USAGE_COUNTER = /cpu.*seconds_total$|cpu_usage.*_total$/i;
/**
 * Other counters read like CPU seconds, two of each kind: disk I/O (bytes read and written first, the exporters'
 * common measure) and packets dropped or retransmitted, which exporters publish only as counters.
 */
const PRESSURE_COUNTER_KINDS = ['disk', 'network_faults'] as const;
const COUNTERS_PER_KIND = 2;
/** Counters that count requests (not errors, retries or bytes): what a traffic step is measured by (the capacity analyzer too). */
export const REQUEST_COUNTER = /(^|_)(requests?|http_requests?|grpc_server_handled|grpc_server_started|rpcs?|rpc_requests?|messages_(consumed|processed|received)|events_(consumed|processed|received)|calls|hits)(_total|_count)?$/i;

/** A cache's hits, misses, passes and client requests, and room for a second cache's or a label-split family. */
const CACHE_COUNTERS = 8;

/** The engine reads every service's series, not a model-sized sample of them. */
const WHOLE = { max_output_bytes: 512 * 1024 };
const byMetric = (a: Cited<SeriesSamples[]>, b: Cited<SeriesSamples[]>) => (a.data[0]?.metric ?? '').localeCompare(b.data[0]?.metric ?? '');

export const METRICS = defineSource({
  server: 'metrics',
  label: 'the metrics',
  key: 'metrics',
  flag: '--metrics <file|url>',
  help: 'OpenMetrics file or Prometheus URL (http://prometheus:9090)',
  // An OpenMetrics file or a Prometheus base URL (http:// or https://).
  config: nonEmpty,
  fromFlag: flagPath,
  hint: 'metrics (file or http URL)',
  absolute: (v, base) => (isUrl(v) ? v : abs(base, v)),
  isSet: () => true,
  args: (v) => (isUrl(v) ? ['--prometheus', v] : ['--file', v]),
  demo: 'metrics/metrics.om',
  probe: { tool: 'list_metrics', args: {} },
  // The end of the metrics: the server's reference "now" (its data's end for a file, the clock for Prometheus).
  span: spanProbe({
    tool: 'get_error_rates',
    args: { since: '1m' },
    contract: z.object({ window: z.object({ to: z.string() }) }),
    span: (r) => {
      const to = Date.parse(r.window.to);
      return Number.isFinite(to) ? { from: null, to } : null;
    },
  }),
  contracts: { get_anomalies: { list: ANOMALIES }, get_error_rates: { list: ERROR_RATES }, query_range: { list: MATRIX } },
  offline: {
    callOrder: 1,
    slots: () => ({
      anomalies: null as Cited<Anomaly[]> | null,
      errorRates: null as Cited<ErrorRateSeries[]> | null,
      series: [] as Array<Cited<SeriesSamples[]>>,
      /** Request counters sampled raw (cumulative values) over the window: traffic per service. */
      counters: [] as Array<Cited<SeriesSamples[]>>,
      /** Resource usage counters (CPU seconds, disk I/O, packets dropped, as cAdvisor and exporters publish them) sampled raw. */
      usageCounters: [] as Array<Cited<SeriesSamples[]>>,
      /** An HTTP cache's hits, misses, passes and client requests (cache-outcome.ts), sampled raw: its hit ratio. */
      cacheCounters: [] as Array<Cited<SeriesSamples[]>>,
    }),
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
        // More gauges than the engine reads: the telling ones first (a stable sort keeps the listing's order within a rank).
        .sort((a, b) => gaugeReadOrder(a.name) - gaugeReadOrder(b.name))
        .slice(0, maxSeries)
        .map((m) => m.name);
      // Request counters, raw: the total traffic per service (a step up is load; tiny traffic makes a noisy error share).
      // Those that count by status first: they carry the errors as well as the traffic.
      const byStatus = (m: { labels: string[] }) => Number(m.labels.some((l) => STATUS_LABELS.includes(l)));
      const counterNames = listed
        .filter((m) => (m.type ? /counter/i.test(m.type) : /_total$/.test(m.name)) && isRequestCounter(m))
        .sort((a, b) => byStatus(b) - byStatus(a))
        .slice(0, 3)
        .map((m) => m.name);
      // CPU time counters (container_cpu_usage_seconds_total, process_cpu_seconds_total): where CPU is only a counter,
      // the localizer reads its rate; without them a CPU-starved service would show nothing of its own.
      const usage = listed.filter((m) => (m.type ? /counter/i.test(m.type) : /_total$/.test(m.name)) && !isRequestCounter(m));
      const usageNames = [
        ...usage.filter((m) => USAGE_COUNTER.test(m.name)).slice(0, 2),
        ...usage.filter((m) => EVICTIONS.test(m.name)).slice(0, 1),
        // Disk I/O and network faults, which a disk stress or packet loss shows in and no gauge may carry.
        ...PRESSURE_COUNTER_KINDS.flatMap((k) =>
          usage
            .filter((m) => metricKind(m.name) === k)
            .sort((a, b) => Number(/bytes/.test(b.name)) - Number(/bytes/.test(a.name)))
            .slice(0, COUNTERS_PER_KIND),
        ),
      ].map((m) => m.name);
      // An HTTP cache's outcomes (Varnish's cache_hit, s_pass, client_req): a hit ratio that collapses moves load to the origin.
      const cacheNames = listed.filter((m) => (m.type ? /counter|unknown|untyped/i.test(m.type) : true) && isCacheCounterName(m.name)).slice(0, CACHE_COUNTERS).map((m) => m.name);
      // Latency histograms (`_bucket{le}`): their p90 per series, which the source computes (a file as Prometheus does).
      const histograms = histogramFamilies(listed);
      const range = (query: string) => call('query_range', { query, start: since, end: until, step: `${stepSeconds}s`, ...WHOLE });
      const counterCalls = Promise.all(counterNames.map(range));
      const usageCalls = Promise.all(usageNames.map(range));
      const cacheCalls = Promise.all(cacheNames.map(range));
      const quantileCalls = Promise.all(histograms.map((f) => range(quantileQuery(f, stepSeconds))));
      // Timers with neither buckets nor quantiles (`_sum` and `_count` only): their mean, Δsum / Δcount per step.
      const timers = meanFamilies(listed);
      const meanCalls = Promise.all(timers.map((f) => Promise.all([range(meanPartQuery(f, 'sum', stepSeconds)), range(meanPartQuery(f, 'count', stepSeconds))])));
      // On a step of a minute or more (a long window), a gauge is read as its largest sample per step: a stall or a
      // pinned pool that lasted one scrape survives (sampled at the step it would be lost between steps). A shorter step
      // is no longer than common scrape intervals, so sampling loses nothing and the plain selector keeps its lookback.
      const gaugeQuery = (name: string) => (stepSeconds >= 60 ? `max_over_time(${name}[${stepSeconds}s])` : name);
      const series = await Promise.all(gaugeNames.map((name) => range(gaugeQuery(name))));
      // A backend that leaves __name__ out of the result still answered for the name we asked.
      const named = (c: Cited<SeriesSamples[]> | null, name: string) => (c ? { ...c, data: c.data.map((x) => ({ ...x, metric: x.metric || name })) } : null);
      series.forEach((s, i) => {
        const c = named(cited(s, parseMatrix), gaugeNames[i]!);
        if (c) bundle.series.push(c);
      });
      // histogram_quantile drops the name: its series go under `<base>_p90`, read as that family's p90 latency.
      (await quantileCalls).forEach((s, i) => {
        const c = cited(s, parseMatrix);
        if (c) bundle.series.push({ ...c, data: c.data.filter((x) => x.points.length > 0).map((x) => ({ ...x, metric: quantileName(histograms[i]!) })) });
      });
      // Cited by the sum's call: the mean is that call's numbers over the count's.
      (await meanCalls).forEach(([sum, count], i) => {
        const sums = cited(sum, parseMatrix);
        const counts = cited(count, parseMatrix);
        if (sums && counts) bundle.series.push({ ...sums, data: meanSeries(timers[i]!, sums.data, counts.data) });
      });
      (await counterCalls).forEach((s, i) => {
        const c = named(cited(s, parseMatrix), counterNames[i]!);
        if (c) bundle.counters.push(c);
      });
      (await usageCalls).forEach((s, i) => {
        const c = named(cited(s, parseMatrix), usageNames[i]!);
        if (c) bundle.usageCounters.push(c);
      });
      (await cacheCalls).forEach((s, i) => {
        const c = named(cited(s, parseMatrix), cacheNames[i]!);
        if (c) bundle.cacheCounters.push(c);
      });
      // Calls finish in any order; the analyzers read a stable one.
      bundle.series.sort(byMetric);
      bundle.counters.sort(byMetric);
      bundle.usageCounters.sort(byMetric);
      bundle.cacheCounters.sort(byMetric);
    },
    windowed: {
      get_error_rates: (j) => parseErrorRates(j)?.reduce((a, s) => a + s.points.length, 0),
      query_range: (j) => parseMatrix(j)?.reduce((a, s) => a + s.points.length, 0),
    },
  },
  modelTools: {
    always: ['get_error_rates'],
    byCategory: { resource_exhaustion: ['query_range', 'get_anomalies'], capacity: ['query_range', 'get_anomalies'], unknown: ['get_anomalies'] },
  },
});
