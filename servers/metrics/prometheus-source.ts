// A metrics source backed by a live Prometheus through its HTTP API (query_range, series, metadata).
// Every response is validated with zod; down, 5xx and malformed answers become SourceErrors with the reason.

import { z } from 'zod';
import type { PromMatrixResult } from '../../src/core/evidence.js';
import { ToolInputError } from '../../src/core/tool-kit.js';
import { formatSelector, type Matcher } from './promql/selector.js';
import type { MetricType } from './series-store.js';
import { SourceError, type MetricsSource, type SeriesInfo } from './source.js';

const envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
});
const matrixSchema = z.object({
  resultType: z.literal('matrix'),
  result: z.array(
    z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) }),
  ),
});
const seriesSchema = z.array(z.record(z.string(), z.string()));
const metadataSchema = z.record(z.string(), z.array(z.object({ type: z.string() })));

export interface PrometheusSourceOptions {
  timeoutMs?: number;
}

export class PrometheusSource implements MetricsSource {
  readonly description: string;
  private readonly base: string;

  constructor(
    url: string,
    private readonly options: PrometheusSourceOptions = {},
  ) {
    this.base = url.replace(/\/+$/, '');
    this.description = `Prometheus at ${this.base}`;
  }

  private async get(path: string, params: Array<[string, string]>): Promise<unknown> {
    const qs = new URLSearchParams(params).toString();
    const url = `${this.base}${path}?${qs}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
      throw new SourceError(`${this.description} is not reachable (${why}); check --prometheus and that Prometheus is running`);
    }
    const text = await res.text();
    let body: z.infer<typeof envelope> | null = null;
    try {
      const parsed = envelope.safeParse(JSON.parse(text));
      if (parsed.success) body = parsed.data;
    } catch {
      body = null;
    }
    if (body?.status === 'error' && res.status >= 400 && res.status < 500) {
      // bad_data and friends: the query or its parameters, which the caller can fix.
      throw new ToolInputError(`Prometheus rejected the request (${body.errorType ?? res.status}): ${body.error ?? 'no reason given'}`);
    }
    if (!res.ok) {
      const reason = body?.error ?? text.slice(0, 200).trim();
      throw new SourceError(`${this.description} answered ${res.status} ${res.statusText} for ${path}${reason ? `: ${reason}` : ''}`);
    }
    if (!body) throw new SourceError(`${this.description} sent a response to ${path} that is not Prometheus API JSON`);
    if (body.status === 'error') throw new SourceError(`${this.description}: ${body.error ?? 'error without a reason'}`);
    return body.data;
  }

  async listSeries(matchers: Matcher[], window?: { from: number; to: number }): Promise<SeriesInfo[]> {
    const params: Array<[string, string]> = [['match[]', formatSelector(matchers)]];
    if (window) params.push(['start', String(window.from / 1000)], ['end', String(window.to / 1000)]);
    const data = parseOrThrow(seriesSchema, await this.get('/api/v1/series', params), this.description, 'series');
    return data.map(({ __name__, ...labels }) => ({ name: __name__ ?? '', labels }));
  }

  async queryRange(query: string, start: number, end: number, stepMs: number): Promise<PromMatrixResult> {
    const data = await this.get('/api/v1/query_range', [
      ['query', query],
      ['start', String(start / 1000)],
      ['end', String(end / 1000)],
      ['step', String(stepMs / 1000)],
    ]);
    return parseOrThrow(matrixSchema, data, this.description, 'query_range');
  }

  async dataSpan(): Promise<{ from: number; to: number } | null> {
    return null;
  }

  async metricTypes(): Promise<Map<string, MetricType>> {
    const data = parseOrThrow(metadataSchema, await this.get('/api/v1/metadata', []), this.description, 'metadata');
    const out = new Map<string, MetricType>();
    for (const [name, entries] of Object.entries(data)) {
      const type = entries[0]?.type;
      if (type) out.set(name, type as MetricType);
    }
    return out;
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, data: unknown, source: string, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new SourceError(`${source} returned an unexpected ${what} result: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
