// A metrics source backed by one OpenMetrics text file: parsed once with a streaming reader, re-read when
// the file changes, and queried with the local PromQL-subset evaluator.

import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PromMatrixResult } from '../../src/core/evidence.js';
import { ToolInputError } from '../../src/core/tool-kit.js';
import { MetricsParseError, OpenMetricsParser } from './openmetrics-parser.js';
import { evaluateRange, evaluateSteps, type StepArena, type StepSeries } from './promql/evaluate.js';
import { parseQuery } from './promql/expr.js';
import { matchesAll, QueryError, type Matcher } from './promql/selector.js';
import { SeriesStore, type MetricType } from './series-store.js';
import { SourceError, type MetricsSource, type SeriesInfo } from './source.js';

/**
 * Streams a file through the parser in 1 MB chunks of bytes, lines handed over as byte ranges (no string per
 * line). Two buffers: the next chunk is read while the current one is parsed. Rejects with MetricsParseError
 * (line number) or an I/O error.
 */
export async function loadOpenMetricsFile(path: string): Promise<SeriesStore> {
  const parser = new OpenMetricsParser();
  const file = await open(path, 'r');
  let cur = Buffer.allocUnsafe(1 << 20);
  let next = Buffer.allocUnsafe(1 << 20);
  let filled = 0; // bytes at the start of cur carried over from the previous chunk (a partial line)
  let pending = file.read(cur, 0, cur.length, null);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const end = filled + bytesRead;
      const lastNl = cur.lastIndexOf(10, end - 1);
      if (lastNl < 0) {
        // No whole line yet: keep reading into this buffer, doubled when one line fills it.
        if (end === cur.length) {
          const bigger = Buffer.allocUnsafe(cur.length * 2);
          cur.copy(bigger, 0, 0, end);
          cur = bigger;
          next = Buffer.allocUnsafe(cur.length);
        }
        filled = end;
        pending = file.read(cur, filled, cur.length - filled, null);
        continue;
      }
      const carry = end - lastNl - 1;
      cur.copy(next, 0, lastNl + 1, end);
      pending = file.read(next, carry, next.length - carry, null);
      let start = 0;
      for (let nl = cur.indexOf(10, 0); nl >= 0 && nl <= lastNl; nl = cur.indexOf(10, start)) {
        parser.pushBytes(cur, start, nl);
        start = nl + 1;
      }
      [cur, next] = [next, cur];
      filled = carry;
    }
    if (filled > 0) parser.pushBytes(cur, 0, filled);
  } finally {
    // A parse error leaves a read in flight: let it finish before closing the file under it.
    await pending.catch(() => undefined);
    await file.close();
  }
  return parser.end();
}

export class FileMetricsSource implements MetricsSource {
  readonly description: string;
  private loaded: { mtimeMs: number; size: number; store: Promise<SeriesStore> } | null = null;

  constructor(private readonly path: string) {
    this.description = `file ${basename(path)}`;
  }

  /** The parsed store, re-read when the file's mtime or size changed since the last load. */
  async store(): Promise<SeriesStore> {
    let st;
    try {
      st = await stat(this.path);
    } catch (err) {
      throw new SourceError(`cannot read metrics file ${this.path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    if (!this.loaded || this.loaded.mtimeMs !== st.mtimeMs || this.loaded.size !== st.size) {
      const store = loadOpenMetricsFile(this.path).catch((err: unknown) => {
        if (err instanceof MetricsParseError) {
          throw new SourceError(`${this.path} is not valid OpenMetrics text: ${err.message}; fix that line (the file is read as a whole)`);
        }
        throw new SourceError(`cannot read metrics file ${this.path}: ${err instanceof Error ? err.message : String(err)}`);
      });
      this.loaded = { mtimeMs: st.mtimeMs, size: st.size, store };
    }
    return this.loaded.store;
  }

  /** This file as loaded now, for the many queries of one call: a single check that the file is unchanged. */
  async snapshot(): Promise<MetricsSource> {
    return new PinnedFileSource(this.path, await this.store());
  }

  async listSeries(matchers: Matcher[], window?: { from: number; to: number }): Promise<SeriesInfo[]> {
    const store = await this.store();
    return store
      .all()
      .filter((s) => matchesAll(matchers, s.name, s.labels))
      .filter((s) => !window || hasSampleIn(s.times, s.length, window.from, window.to))
      .map((s) => ({ name: s.name, labels: s.labels }));
  }

  async queryRange(query: string, start: number, end: number, stepMs: number): Promise<PromMatrixResult> {
    const store = await this.store();
    try {
      return evaluateRange(store.all(), parseQuery(query), { start, end, step: stepMs });
    } catch (err) {
      if (err instanceof QueryError) throw new ToolInputError(err.message);
      throw err;
    }
  }

  async queryRangeSteps(query: string, start: number, end: number, stepMs: number, arena?: StepArena): Promise<StepSeries[]> {
    const store = await this.store();
    try {
      return evaluateSteps(store.all(), parseQuery(query), { start, end, step: stepMs }, arena);
    } catch (err) {
      if (err instanceof QueryError) throw new ToolInputError(err.message);
      throw err;
    }
  }

  async dataSpan(): Promise<{ from: number; to: number } | null> {
    return (await this.store()).span();
  }

  async metricTypes(): Promise<Map<string, MetricType>> {
    const store = await this.store();
    const out = new Map<string, MetricType>();
    for (const s of store.all()) if (!out.has(s.name)) out.set(s.name, store.typeOf(s.name));
    return out;
  }
}

/** A file source answering from one loaded store, without looking at the file again. */
class PinnedFileSource extends FileMetricsSource {
  constructor(
    path: string,
    private readonly pinned: SeriesStore,
  ) {
    super(path);
  }

  override store(): Promise<SeriesStore> {
    return Promise.resolve(this.pinned);
  }
}

/** Times are sorted (SeriesStore.finish): the first at or after `from` decides. */
function hasSampleIn(times: Float64Array, length: number, from: number, to: number): boolean {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < length && times[lo]! <= to;
}
