// What the sources hold before the engine runs: the logs' time span and unreadable files (list_sources) and
// the metrics' end, which give --at its default and turn an empty window into a hint that says what to pass.
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { jsonOrNull, type ToolCaller } from '../core/tools.js';

const logSourcesSchema = z.object({
  sources: z.array(z.object({ first_time: z.string().nullable(), last_time: z.string().nullable() })),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })).default([]),
});
const errorRatesWindowSchema = z.object({ window: z.object({ to: z.string() }) });

export interface LogsInfo {
  span: { from: number; to: number } | null;
  files: number;
  skipped: Array<{ file: string; reason: string }>;
}

/** What the logs server reads (list_sources): its time span, and what it skipped and why. Null without logs. */
export async function logsInfo(caller: ToolCaller): Promise<LogsInfo | null> {
  if (!caller.listTools().some((t) => t.name === 'logs__list_sources')) return null;
  const out = await caller.call('logs__list_sources', {});
  const l = out.ok ? logSourcesSchema.safeParse(jsonOrNull(out.text)) : null;
  if (!l?.success) return null;
  const firsts = l.data.sources.map((s) => Date.parse(s.first_time ?? '')).filter(Number.isFinite);
  const lasts = l.data.sources.map((s) => Date.parse(s.last_time ?? '')).filter(Number.isFinite);
  const span = firsts.length && lasts.length ? { from: Math.min(...firsts), to: Math.max(...lasts) } : null;
  return { span, files: l.data.sources.length, skipped: l.data.skipped };
}

/** A --logs that matches no readable file is a configuration mistake (exit 2), not an empty window. */
export function checkLogFiles(info: LogsInfo | null): void {
  if (!info || info.files > 0) return;
  const why = info.skipped.map((s) => s.reason).join('; ');
  throw new UsageError(`the log sources hold no readable file${why ? `: ${why}` : ''}`, 'check the --logs paths (or sources.logs in rca.config.yaml)');
}

/** The end of the metrics: the metrics server's reference "now" (its data's end for a file, the clock for Prometheus). */
async function metricsEnd(caller: ToolCaller): Promise<number | null> {
  if (!caller.listTools().some((t) => t.name === 'metrics__get_error_rates')) return null;
  const out = await caller.call('metrics__get_error_rates', { since: '1m' });
  const r = out.ok ? errorRatesWindowSchema.safeParse(jsonOrNull(out.text)) : null;
  const end = r?.success ? Date.parse(r.data.window.to) : NaN;
  return Number.isFinite(end) ? end : null;
}

/** --at by default: now, or the end of the data when every source ends before now (replaying old files). */
export async function defaultAt(logs: LogsInfo | null, caller: ToolCaller, now: number): Promise<string> {
  const ends = [logs?.span?.to, await metricsEnd(caller)].filter((t): t is number => typeof t === 'number');
  const end = ends.length ? Math.max(...ends) : now;
  // A second past the last entry, so the last entry itself is inside the window.
  return new Date(Math.min(now, end + 1000)).toISOString();
}

/** What to say when the window is empty: where the data actually lies. */
export async function noDataHint(logs: LogsInfo | null, caller: ToolCaller): Promise<string> {
  const iso = (t: number) => new Date(t).toISOString();
  const parts: string[] = [];
  if (logs?.span) parts.push(`the logs cover ${iso(logs.span.from)} .. ${iso(logs.span.to)}`);
  const mEnd = await metricsEnd(caller);
  if (mEnd !== null) parts.push(`the metrics end at ${iso(mEnd)}`);
  return `${parts.length ? `${parts.join('; ')}: ` : ''}pass an --at inside the data or a wider --window`;
}
