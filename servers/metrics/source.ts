// What the tools need from a metrics source, so the file and a live Prometheus run the same tool code:
// series listing, range queries returning Prometheus's matrix shape, and the span of the data.

import type { PromMatrixResult } from '../../src/core/evidence.js';
import type { StepArena, StepSeries } from './promql/evaluate.js';
import type { Matcher } from './promql/selector.js';
import type { MetricType } from './series-store.js';

export interface SeriesInfo {
  name: string;
  labels: Record<string, string>;
}

export interface MetricsSource {
  /** For messages: "file metrics.om" or "Prometheus at http://...". */
  readonly description: string;
  /** Series matching all matchers (with samples inside the window when given). */
  listSeries(matchers: Matcher[], window?: { from: number; to: number }): Promise<SeriesInfo[]>;
  /** A range query; `query` is PromQL (the file source evaluates a subset). Times in ms. */
  queryRange(query: string, start: number, end: number, stepMs: number): Promise<PromMatrixResult>;
  /**
   * The same query's result as numbers, values[i] at start + i × step, where a source computes them itself
   * (files): get_anomalies reads these instead of formatting every value as text and parsing it back.
   * With an arena the arrays are views of its buffers, overwritten by the next call with the same arena.
   */
  queryRangeSteps?(query: string, start: number, end: number, stepMs: number, arena?: StepArena): Promise<StepSeries[]>;
  /** First and last sample time when the source knows it cheaply (files), else null. */
  dataSpan(): Promise<{ from: number; to: number } | null>;
  /** Declared metric types by name, where the source has them (file TYPE lines, Prometheus metadata). */
  metricTypes(): Promise<Map<string, MetricType>>;
  /** The source as it is now, for the many queries of one tool call (a file: checked for changes once, not per query). */
  snapshot?(): Promise<MetricsSource>;
}

/** The source failed in a way the caller cannot fix by changing arguments (down, 5xx, unreadable file). */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}
