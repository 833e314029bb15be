// What every metrics tool receives (the source, the reference "now", the request-metric naming) and the
// window/step rules they share, so file and Prometheus answers are computed on the same grid.

import { resolveWindow, TimeSpecError, toIso } from '../../src/core/time.js';
import { ToolInputError } from '../../src/core/tool-kit.js';
import type { MetricsSource } from './source.js';

export interface MetricsContext {
  source: MetricsSource;
  /** The --at instant when given, else null (then the file's last sample or the clock is "now"). */
  at: number | null;
  clock(): number;
  requestsMetric: string;
  statusLabel: string;
  serviceLabel: string;
  /**
   * Whether the counter and label names above were set by the server's options, or are defaults the series may name
   * otherwise (request-counter.ts); a missing `metric` counts as given.
   */
  labelsGiven?: { status: boolean; service: boolean; metric?: boolean };
}

export interface Range {
  from: number;
  to: number;
}

/**
 * The reference "now": --at, else for a file the end of its data (old files stay usable without --at),
 * else the clock. Relative since/until count back from it.
 */
export async function referenceNow(ctx: MetricsContext): Promise<number> {
  if (ctx.at !== null) return ctx.at;
  const now = ctx.clock();
  const span = await ctx.source.dataSpan();
  return span ? Math.min(span.to, now) : now;
}

export async function resolveRange(
  ctx: MetricsContext,
  since: string | undefined,
  until: string | undefined,
  defaultSpanMs: number,
): Promise<Range> {
  const now = await referenceNow(ctx);
  try {
    const w = resolveWindow(since, until, now);
    const to = w.to ?? now;
    const from = w.from ?? to - defaultSpanMs;
    if (from >= to) throw new ToolInputError(`the range ${toIso(from)}..${toIso(to)} is empty; give a since before until`);
    return { from, to };
  } catch (err) {
    if (err instanceof TimeSpecError) throw new ToolInputError(err.message);
    throw err;
  }
}

/** A step (ms, whole multiple of 15 s) that keeps a range under `maxPoints` points per series. */
export function autoStep(range: Range, maxPoints: number): number {
  const base = 15_000;
  return Math.max(base, Math.ceil((range.to - range.from) / maxPoints / base) * base);
}

/** Aligns the range start to the step so repeated calls evaluate on the same instants. */
export function alignRange(range: Range, stepMs: number): Range {
  return { from: Math.ceil(range.from / stepMs) * stepMs, to: Math.floor(range.to / stepMs) * stepMs };
}

/**
 * Counter samples are turned into per-second rates before analysis. The window is one step (every sample
 * counted once, peaks not smeared) but at least 1 m, four samples at the usual 15 s scrape interval.
 */
export function rateWindowMs(stepMs: number): number {
  return Math.max(stepMs, 60_000);
}

export function promDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}
