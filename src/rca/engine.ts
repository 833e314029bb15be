// The offline engine end to end: gather evidence through the hub, run the analyzers, rank, and
// build the report; emits finding and report_ready events on the one investigation stream.
import type { EventSink } from '../core/events.js';
import type { Report } from '../core/report.js';
import type { ToolCaller } from '../core/tools.js';
import { parseDuration, parseIsoInstant } from '../core/time.js';
import { UsageError } from '../core/errors.js';
import type { Analyzer } from './analyzer.js';
import { buildReport } from './build-report.js';
import { gather } from './gather.js';
import { rank } from './rank.js';
import { sourceGapNotices } from './source-gaps.js';
import { ANALYZERS } from './registry.js';
import { runAnalyzers } from './runner.js';

export interface InvestigateOptions {
  /** What the engineer typed. */
  incident: string;
  /** How far back from `at` to look ("2h", default), or an explicit ISO window. */
  window?: string | { from: string; to: string };
  /** The moment of the report (ISO); default now. */
  at?: string;
  caller: ToolCaller;
  events: EventSink;
  /** Per-call timeout in ms (the hub's default otherwise). */
  callTimeoutMs?: number;
  /** Injected clock for duration stats. */
  now?: () => number;
  /** Analyzer set; the registry by default. */
  analyzers?: readonly Analyzer[];
}

export const DEFAULT_WINDOW = '2h';

export async function investigateOffline(opts: InvestigateOptions): Promise<Report> {
  const now = opts.now ?? Date.now;
  const started = now();
  const incident = opts.incident.trim();
  const { from, to } = resolveInvestigationWindow(opts.window, opts.at, started);
  const { bundle, outcomes } = await gather({ incident, from, to, caller: opts.caller, events: opts.events, timeoutMs: opts.callTimeoutMs });
  const notices: string[] = [];
  if (outcomes.length === 0) notices.push('no data sources answered: the report rests on no evidence');
  // A source that failed is missing evidence: the report names it with the server's own words.
  notices.push(...sourceGapNotices(outcomes));
  // A logs tool that sampled a file too large for its read or time budget says so; the report must too (estimates).
  for (const o of outcomes) {
    const note = o.ok ? /"sampling":("(?:[^"\\]|\\.)*")/.exec(o.text)?.[1] : undefined;
    if (note) notices.push(`${o.tool}: ${JSON.parse(note) as string}`);
  }
  const analysis = runAnalyzers(bundle, opts.analyzers ?? ANALYZERS, opts.events);
  for (const f of analysis.failed) notices.push(`analyzer ${f.analyzer} failed: ${f.error}`);
  const verdict = rank(analysis.findings, analysis.context);
  const report = buildReport({
    incident,
    engine: 'offline',
    bundle,
    context: analysis.context,
    findings: analysis.findings,
    verdict,
    outcomes,
    durationMs: now() - started,
    notices,
  });
  opts.events({ type: 'report_ready', headline: report.root_cause.summary });
  return report;
}

/** `at` (default now) minus the window span, or an explicit window. */
export function resolveInvestigationWindow(
  window: InvestigateOptions['window'],
  at: string | undefined,
  now: number,
): { from: number; to: number } {
  if (window && typeof window === 'object') {
    const from = parseIsoInstant(window.from);
    const to = parseIsoInstant(window.to);
    if (from === null || to === null || from >= to) throw new UsageError(`invalid window ${window.from}..${window.to}: give two ISO times, the first earlier`);
    return { from, to };
  }
  const to = at ? parseIsoInstant(at) : now;
  if (to === null) throw new UsageError(`invalid --at "${at}": use an ISO-8601 time such as 2025-03-04T10:15:00Z`);
  const span = parseDuration(window ?? DEFAULT_WINDOW);
  if (span === null || span <= 0) throw new UsageError(`invalid --window "${window}": use a span such as 30m, 2h or 1d`);
  return { from: to - span, to };
}
