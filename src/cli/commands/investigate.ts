// `rca "<what is wrong>"` (the default command): offline analyzers first, the Ollama loop on top when a model
// answers, one event stream to the live view / stderr lines / stored history, the report on stdout.
import type { Command } from 'commander';
import { z } from 'zod';
import { NoDataError, UsageError } from '../../core/errors.js';
import type { EventSink, InvestigationEvent } from '../../core/events.js';
import type { Report } from '../../core/report.js';
import type { ToolCaller, ToolCallOutcome } from '../../core/tools.js';
import { action } from '../boundary.js';
import { addSourceOptions } from '../compose.js';

const formatSchema = z.enum(['text', 'markdown', 'json'], { error: 'use text, markdown or json' });
type Format = z.infer<typeof formatSchema>;

export interface InvestigateFlags {
  format?: string;
  json?: boolean;
  quiet?: boolean;
  offline?: boolean;
  [key: string]: unknown;
}

export function register(program: Command): void {
  const cmd = program
    .command('investigate', { isDefault: true })
    .description('investigate an incident: a grounded root-cause report (the default command: rca "500 errors on checkout")')
    .argument('<incident...>', 'what is wrong, in your words')
    .option('--window <span>', 'how far back from --at to look, such as 45m or 1h30m (default 2h)')
    .option('--offline', 'offline analyzers only, even when a model is configured')
    .option('--model <name>', 'Ollama model for the tool-calling loop (env OLLAMA_MODEL; OLLAMA_HOST, OLLAMA_API_KEY)')
    .option('--format <format>', 'text, markdown or json (default text)')
    .option('--json', 'same as --format json')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--db <file>', 'SQLite history file (env INCIDENT_COPILOT_DB; default $XDG_DATA_HOME/incident-copilot/copilot.db)')
    .addHelpText(
      'after',
      '\nWith no source flags and no rca.config.yaml the bundled demo is used.\n' +
        'Exit codes: 0 report produced, 1 unexpected failure, 2 usage or configuration error, 3 no data in the window.',
    );
  addSourceOptions(cmd).action(action((words: string[], flags: InvestigateFlags) => runInvestigation(words, flags)));
}

function outputFormat(flags: InvestigateFlags): Format {
  if (flags.json) return 'json';
  const parsed = formatSchema.safeParse(flags.format ?? 'text');
  if (!parsed.success) throw new UsageError(`--format ${String(flags.format)}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/** Fans one event out to every consumer (view or stderr lines, the history recorder). */
function fanOut(sinks: EventSink[]): EventSink {
  return (e) => {
    for (const s of sinks) s(e);
  };
}

/** The stored history's view of the stream: each tool call with its arguments, outcome and duration. */
function callRecorder() {
  const calls = new Map<string, { id: string; tool: string; args: Record<string, unknown>; ok: boolean | null; ms: number | null; bytes: number | null }>();
  // Per server: whether it was ever ready, and its last failure if it is down at the end.
  const servers = new Map<string, { started: boolean; error: string | null }>();
  const sink: EventSink = (e) => {
    if (e.type === 'server_ready') servers.set(e.server, { started: true, error: null });
    if (e.type === 'server_failed') servers.set(e.server, { started: servers.get(e.server)?.started ?? false, error: e.error });
    if (e.type === 'tool_call_started') calls.set(e.id, { id: e.id, tool: e.tool, args: e.args, ok: null, ms: null, bytes: null });
    if (e.type === 'tool_call_finished') {
      const c = calls.get(e.id);
      calls.set(e.id, { id: e.id, tool: e.tool, args: c?.args ?? {}, ok: e.ok, ms: e.ms, bytes: e.bytes });
    }
  };
  /** Servers down at the end: one that never started, or one that started and then died (not the same to a reader). */
  const downServers = () =>
    [...servers].flatMap(([server, s]) => (s.error === null ? [] : [{ server, started: s.started, error: s.error }]));
  return { sink, calls: () => [...calls.values()], downServers };
}

export async function runInvestigation(words: string[], flags: InvestigateFlags): Promise<number> {
  const incident = words.join(' ').trim();
  if (!incident) throw new UsageError('say what is wrong: rca "500 errors on checkout"');
  const format = outputFormat(flags);
  const compose = await import('../compose-rca.js');
  const run = await compose.resolveRunConfig(flags);
  if (run.notice) process.stderr.write(`${run.notice}\n`);
  const config = run.config;
  const provider = await compose.createModelProvider(config, { offline: flags.offline === true });

  const recorder = callRecorder();
  const live = !flags.quiet && process.stderr.isTTY === true;
  const view = live ? await import('../../tui/investigation/live-view.js').then((m) => m.startLiveView(incident)) : null;
  const { plainProgress } = await import('../progress.js');
  const shown = new Set<string>();
  const progress: EventSink | null = flags.quiet || live ? null : plainProgress(process.stderr);
  const sinks: EventSink[] = [recorder.sink];
  if (view) sinks.push(view.dispatch);
  if (progress) sinks.push((e: InvestigationEvent) => (e.type === 'notice' && shown.add(e.message), progress(e)));
  const events = fanOut(sinks);

  let report: Report;
  let modelNotices: string[] = [];
  const { investigate, DEFAULT_WINDOW } = await import('../../rca/index.js');
  const hubStarting = compose.startRcaHub(config, events);
  // The store and the runbook catalogue (YAML parsing) load while the servers start: the CLI is idle then.
  const storeLoading = settle(
    (async () => {
      await new Promise((r) => setImmediate(r));
      const store = await compose.openRcaStore((flags.db as string | undefined) ?? config.db);
      try {
        return { ...store, catalog: await compose.loadRunbookCatalog(store.db) };
      } catch (err) {
        store.db.close();
        throw err;
      }
    })(),
  );
  const hub = await hubStarting;
  try {
    const outputs: ToolCallOutcome[] = [];
    const caller: ToolCaller = {
      listTools: () => hub.listTools(),
      call: async (tool, args, opts) => {
        const o = await hub.call(tool, args, opts);
        outputs.push(o);
        return o;
      },
    };
    const logs = await logsInfo(hub);
    checkLogFiles(logs);
    const at = config.at ?? (await defaultAt(logs, hub, Date.now()));
    const window = config.window ?? DEFAULT_WINDOW;
    report = await investigate({ incident, window, at, caller, events, callTimeoutMs: config.limits.call_timeout_ms });
    if (await windowIsEmpty(outputs)) {
      throw new NoDataError(
        `no data between ${report.window.from} and ${report.window.to} in the configured sources`,
        await noDataHint(logs, hub),
      );
    }
    if (provider) {
      const { investigateWithModel } = await import('../../llm/index.js');
      const result = await investigateWithModel({
        provider, incident, offline: report, tools: hub.listTools(), call: (t, a) => hub.call(t, a), onEvent: events,
        limits: definedOnly({
          maxRounds: config.limits.rounds, maxToolCalls: config.limits.tool_calls,
          toolOutputTokens: config.limits.tool_output_tokens, promptTokenBudget: config.limits.prompt_tokens,
        }),
        toolChoice: config.model.tools, signal: view?.stopModel,
      });
      report = result.report;
      modelNotices = result.notices;
    }
  } catch (err) {
    await view?.close();
    void storeLoading.then((st) => st.ok && st.value.db.close());
    throw err;
  } finally {
    await hub.close();
  }

  const loaded = await storeLoading;
  if (!loaded.ok) throw loaded.error;
  const { db, path: dbPath, catalog } = loaded.value;
  let invId: string | null = null;
  try {
    const { matchRunbooks } = await import('../../runbook/match.js');
    const matches = matchRunbooks(report, catalog);
    // A server that never started is missing evidence the reader must know about, in every format.
    const down = recorder.downServers().map((f) =>
      f.started
        ? `the ${f.server} server stopped during the investigation, so part of its evidence is missing: ${f.error}`
        : `the ${f.server} server did not start, so its evidence is missing: ${f.error}`,
    );
    report = {
      ...report,
      runbooks: matches.map(({ id, title, score }) => ({ id, title, score })),
      ...(down.length ? { notices: [...(report.notices ?? []), ...down] } : {}),
    };
    const { saveInvestigation } = await import('../../store/index.js');
    invId = saveInvestigation(db, {
      incident,
      window: report.window,
      sources: { ...config.sources, demo: run.demo, extra_servers: Object.keys(config.mcpServers), config: config.configPath },
      report,
      toolCalls: recorder.calls(),
    });
  } finally {
    db.close();
  }

  await view?.close();
  for (const n of modelNotices) if (!shown.has(n)) process.stderr.write(`${n}\n`);
  if (!flags.quiet && invId) process.stderr.write(`saved as ${invId} (rca show ${invId})\n`);
  await writeReport(report, format);

  const best = report.runbooks?.[0];
  const interactive = format === 'text' && process.stdin.isTTY === true && process.stdout.isTTY === true && process.stderr.isTTY === true;
  if (best && interactive) {
    const { paramsFromReport } = await import('../../runbook/match.js');
    const entry = catalog.find((c) => c.id === best.id);
    const params = paramsFromReport(entry?.params ?? [], report, config.sources.repo);
    const argv = await compose.runbookExecArgv(best.id, { params, incidentId: invId, db: dbPath, config });
    const { askToRun } = await import('../../tui/investigation/live-view.js');
    if (await askToRun({ ...best, command: `runbook ${argv.slice(1).join(' ')}` })) return compose.runRunbookExec(argv);
  }
  return 0;
}

/** A promise that never rejects (so an early failure cannot go unhandled while the hub starts). */
function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

async function writeReport(report: Report, format: Format): Promise<void> {
  const { renderText, renderMarkdown, renderJson } = await import('../../rca/index.js');
  if (format === 'json') process.stdout.write(renderJson(report));
  else if (format === 'markdown') process.stdout.write(renderMarkdown(report));
  else {
    const { useColor } = await import('../output.js');
    process.stdout.write(renderText(report, { color: useColor(process.stdout) }));
  }
}


const logSourcesSchema = z.object({
  sources: z.array(z.object({ first_time: z.string().nullable(), last_time: z.string().nullable() })),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })).default([]),
});
const errorRatesWindowSchema = z.object({ window: z.object({ to: z.string() }) });

interface LogsInfo {
  span: { from: number; to: number } | null;
  files: number;
  skipped: Array<{ file: string; reason: string }>;
}

/** What the logs server reads (list_sources): its time span, and what it skipped and why. Null without logs. */
async function logsInfo(caller: ToolCaller): Promise<LogsInfo | null> {
  if (!caller.listTools().some((t) => t.name === 'logs__list_sources')) return null;
  const out = await caller.call('logs__list_sources', {});
  const l = out.ok ? logSourcesSchema.safeParse(safeJson(out.text)) : null;
  if (!l?.success) return null;
  const firsts = l.data.sources.map((s) => Date.parse(s.first_time ?? '')).filter(Number.isFinite);
  const lasts = l.data.sources.map((s) => Date.parse(s.last_time ?? '')).filter(Number.isFinite);
  const span = firsts.length && lasts.length ? { from: Math.min(...firsts), to: Math.max(...lasts) } : null;
  return { span, files: l.data.sources.length, skipped: l.data.skipped };
}

/** A --logs that matches no readable file is a configuration mistake (exit 2), not an empty window. */
function checkLogFiles(info: LogsInfo | null): void {
  if (!info || info.files > 0) return;
  const why = info.skipped.map((s) => s.reason).join('; ');
  throw new UsageError(`the log sources hold no readable file${why ? `: ${why}` : ''}`, 'check the --logs paths (or sources.logs in rca.config.yaml)');
}

/** The end of the metrics: the metrics server's reference "now" (its data's end for a file, the clock for Prometheus). */
async function metricsEnd(caller: ToolCaller): Promise<number | null> {
  if (!caller.listTools().some((t) => t.name === 'metrics__get_error_rates')) return null;
  const out = await caller.call('metrics__get_error_rates', { since: '1m' });
  const r = out.ok ? errorRatesWindowSchema.safeParse(safeJson(out.text)) : null;
  const end = r?.success ? Date.parse(r.data.window.to) : NaN;
  return Number.isFinite(end) ? end : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** --at by default: now, or the end of the data when every source ends before now (replaying old files). */
async function defaultAt(logs: LogsInfo | null, caller: ToolCaller, now: number): Promise<string> {
  const ends = [logs?.span?.to, await metricsEnd(caller)].filter((t): t is number => typeof t === 'number');
  const end = ends.length ? Math.max(...ends) : now;
  // A second past the last entry, so the last entry itself is inside the window.
  return new Date(Math.min(now, end + 1000)).toISOString();
}

/**
 * True when the windowed sources (logs, metrics, container events) answered and hold nothing in the window.
 * Metrics tools answer an empty range with an error ("no ... series ... between A and B"); any other failed
 * call is unknown, not empty. Git history alone is never "no data".
 */
async function windowIsEmpty(outputs: ToolCallOutcome[]): Promise<boolean> {
  const { parseLogStats, parseErrorRates, parseMatrix, parseContainerEvents } = await import('../../rca/parse-outputs.js');
  const counts: Record<string, (j: unknown) => number | undefined> = {
    logs__log_stats: (j) => parseLogStats(j)?.reduce((a, b) => a + b.total, 0),
    metrics__get_error_rates: (j) => parseErrorRates(j)?.reduce((a, s) => a + s.points.length, 0),
    metrics__query_range: (j) => parseMatrix(j)?.reduce((a, s) => a + s.points.length, 0),
    docker__get_events: (j) => parseContainerEvents(j)?.length,
  };
  const windowed = outputs.filter((o) => o.tool in counts);
  if (windowed.length === 0) return false;
  return windowed.every((o) => {
    if (!o.ok) return /\bno\b[^.;]*\bbetween\b/i.test(o.text);
    const j = safeJson(o.text);
    return (counts[o.tool]!(j) ?? (hasItems(j) ? 1 : 0)) === 0;
  });
}

/** Whether a tool's JSON holds any non-empty array (a shape the parsers did not recognise). */
function hasItems(j: unknown): boolean {
  if (Array.isArray(j)) return j.length > 0;
  return typeof j === 'object' && j !== null && Object.values(j).some(hasItems);
}

async function noDataHint(logs: LogsInfo | null, caller: ToolCaller): Promise<string> {
  const iso = (t: number) => new Date(t).toISOString();
  const parts: string[] = [];
  if (logs?.span) parts.push(`the logs cover ${iso(logs.span.from)} .. ${iso(logs.span.to)}`);
  const mEnd = await metricsEnd(caller);
  if (mEnd !== null) parts.push(`the metrics end at ${iso(mEnd)}`);
  return `${parts.length ? `${parts.join('; ')}: ` : ''}pass an --at inside the data or a wider --window`;
}

/** Drops unset limits so the loop's own defaults apply to them. */
function definedOnly<T extends Record<string, number | undefined>>(limits: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, number>>;
}
