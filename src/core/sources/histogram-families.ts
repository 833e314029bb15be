// Latency histograms among the listed metrics (`<base>_bucket{le}` families) and the p90 query the engine reads each
// of them by, so a system that exports latency only as histograms still shows its latency to the localizer.

/** The quantile read from every histogram: the p90, as latency dashboards and SLOs usually show it. */
export const HISTOGRAM_QUANTILE = 0.9;
/** How many histogram families the offline engine reads: latency ones first, the rest only if room is left. */
export const MAX_HISTOGRAMS = 4;

const LATENCY_WORDS = /latency|duration|response_time|_(milli|micro)?seconds$|_ms$/i;

export interface HistogramFamily {
  /** The family's name without `_bucket` (`http_server_request_duration_seconds`). */
  base: string;
  /** Its labels other than le: what the buckets are summed by, besides le. */
  labels: string[];
}

/**
 * The histogram families in a metric listing: bucket series (named `_bucket`, or listed as a histogram's) that carry
 * le. Latency-named families first, then by name; at most `max`.
 */
export function histogramFamilies(listed: Array<{ name: string; type: string | null; labels: string[] }>, max = MAX_HISTOGRAMS): HistogramFamily[] {
  const out: HistogramFamily[] = [];
  for (const m of listed) {
    if (!/_bucket$/.test(m.name)) continue;
    // A listing without label names cannot say; one that lists them must list le, or this is no classic histogram.
    if (m.labels.length > 0 && !m.labels.includes('le')) continue;
    if (m.type && !/histogram|counter|unknown|untyped/i.test(m.type)) continue;
    out.push({ base: m.name.slice(0, -'_bucket'.length), labels: m.labels.filter((l) => l !== 'le' && l !== '__name__') });
  }
  const latency = (f: HistogramFamily) => Number(LATENCY_WORDS.test(f.base));
  return out.sort((a, b) => latency(b) - latency(a) || a.base.localeCompare(b.base)).slice(0, max);
}

/**
 * histogram_quantile over the family's per-second bucket rates, summed by le and every other label (Prometheus drops
 * the name with rate(); the sum keeps each series apart). The range is two steps and at least two minutes, so
 * a window holds two scrapes even at one a minute.
 */
export function quantileQuery(f: HistogramFamily, stepSeconds: number): string {
  const range = Math.max(2 * stepSeconds, 120);
  return `histogram_quantile(${HISTOGRAM_QUANTILE}, sum by (${['le', ...f.labels].join(', ')}) (rate(${f.base}_bucket[${range}s])))`;
}

/** The name the quantile's series go under: `<base>_p90`, which the localizer reads as the family's p90 latency. */
export function quantileName(f: HistogramFamily): string {
  return `${f.base}_p${Math.round(HISTOGRAM_QUANTILE * 100)}`;
}
