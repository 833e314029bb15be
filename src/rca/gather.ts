// Gathers the offline engine's evidence through the hub: each registered source (src/core/sources.ts) runs its own
// chain of calls in parallel (git's diffs start as soon as git answers), numbered by plan (call-plan.ts), not by timing;
// a missing server or a failed call is just missing evidence.
import type { EventSink } from '../core/events.js';
import { jsonOrNull, NAME_SEPARATOR, type CallOptions, type ToolCaller, type ToolCallOutcome, type ToolSpec } from '../core/tools.js';
import { errorMessage } from '../core/errors.js';
import { BUILTIN_SOURCES, emptySlots, offlineSources, type AnySource } from '../core/sources.js';
import type { GatherKit } from '../core/sources/source.js';
import { emptyBundle, type EvidenceBundle } from './bundle.js';
import { callPlan, type PlanLane } from './call-plan.js';
import { fitArgs } from './tool-args.js';
import { withLogSamples } from './log-series.js';

export interface GatherOptions {
  incident: string;
  from: number;
  to: number;
  caller: ToolCaller;
  events: EventSink;
  timeoutMs?: number;
  /** Most gauge metrics to sample with query_range. */
  maxSeries?: number;
  /** The sources to read (their calls and bundle slots); the built-in ones by default. */
  sources?: readonly AnySource[];
}

export interface GatherResult {
  bundle: EvidenceBundle;
  /** Every call's outcome, in the order the calls were numbered (the plan's). */
  outcomes: ToolCallOutcome[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function gather(opts: GatherOptions): Promise<GatherResult> {
  const { caller, events } = opts;
  const sources = opts.sources ?? BUILTIN_SOURCES;
  const bundle = emptyBundle(opts.incident, { from: iso(opts.from), to: iso(opts.to) }, iso(opts.to), emptySlots(sources));
  const outcomes: ToolCallOutcome[] = [];
  let specs: ToolSpec[] = [];
  try {
    specs = caller.listTools();
  } catch (err) {
    events({ type: 'notice', message: `could not list tools: ${errorMessage(err)}` });
  }
  const byName = new Map(specs.map((s) => [s.name, s]));

  // The hub emits tool_call_started/finished itself; here a call is skipped when the tool is not offered
  // and never throws.
  const call = async (
    lane: PlanLane,
    tool: string,
    args: Record<string, unknown>,
    budget: Pick<CallOptions, 'timeBudgetMs'> = {},
  ): Promise<ToolCallOutcome | null> => {
    const spec = byName.get(tool);
    if (!spec) return null;
    const fitted = fitArgs(spec, args);
    const started = Date.now();
    const id = lane.id();
    let outcome: ToolCallOutcome;
    try {
      outcome = await caller.call(tool, fitted, { timeoutMs: opts.timeoutMs, ...budget, id });
    } catch (err) {
      outcome = { id: await id, tool, args: fitted, ok: false, text: errorMessage(err), ms: Date.now() - started, bytes: 0 };
    }
    outcomes.push(outcome);
    bundle.outputs[outcome.id] = { tool, text: outcome.text };
    return outcome;
  };
  const json = (o: ToolCallOutcome | null): unknown => (o && o.ok ? jsonOrNull(o.text) : null);
  const cited: GatherKit['cited'] = (o, parse) => {
    const j = json(o);
    const data = j === null ? null : parse(j);
    return o && data !== null ? { call_id: o.id, tool: o.tool, data } : null;
  };

  const window = { from: opts.from, to: opts.to, since: iso(opts.from), until: iso(opts.to) };
  const maxSeries = opts.maxSeries ?? 25;
  // Each source's chain starts now (their first calls go out in `callOrder`) and runs on its own; one that
  // throws loses its own evidence only. Each is a lane of the plan, in the same order.
  const readings = offlineSources(sources);
  const numbered: string[] = [];
  const lanes = callPlan(readings.length, (n) => {
    const ids = caller.reserveIds(n);
    numbered.push(...ids);
    return ids;
  });
  await Promise.all(
    readings.map((source, i) => {
      const lane = lanes[i]!;
      const kit = { window, bundle, maxSeries, json, cited, call: (tool: string, args: Record<string, unknown>, budget?: Pick<CallOptions, 'timeBudgetMs'>) => call(lane, `${source.server}${NAME_SEPARATOR}${tool}`, args, budget) };
      return source
        .gather(kit)
        .catch((err: unknown) => events({ type: 'notice', message: `reading the ${source.server} source failed: ${errorMessage(err)}` }))
        .finally(() => lane.finish());
    }),
  );
  // Samples the log lines carry (Heroku's runtime metrics) are series like the scraped ones.
  withLogSamples(bundle);
  // In plan order too, not the order answers came: the report's call list and its notices read them in this order.
  const place = new Map(numbered.map((id, i) => [id, i]));
  outcomes.sort((a, b) => (place.get(a.id) ?? numbered.length) - (place.get(b.id) ?? numbered.length));
  return { bundle, outcomes };
}
