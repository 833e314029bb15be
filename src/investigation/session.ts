// One investigation, headless: servers, the offline engine, the model pass, runbook matching and the stored
// history. Its only output is the event stream and the result; the CLI, the Ink view or a daemon consume them.
import { NoDataError } from '../core/errors.js';
import { fanOut, type EventSink } from '../core/events.js';
import type { Report } from '../core/report.js';
import type { LimitsConfig } from '../core/config-schema.js';
import { BUILTIN_SERVERS } from '../core/sources.js';
import type { ToolCaller, ToolCallOutcome, ToolSpec } from '../core/tools.js';
import type { LlmProvider } from '../llm/provider.js';
import type { Db } from '../store/index.js';
import { callRecorder, type DownServer, type RecordedCall } from './call-recorder.js';
import { dataSpans } from './data-span.js';
import { windowIsEmpty } from './empty-window.js';
import type { CatalogEntry } from './runbook-candidates.js';

/** The started servers as the session sees them: tools to call, and a close that stops them. */
export interface SessionHub extends ToolCaller {
  close(): Promise<void>;
}

/** The concrete objects, built by the composition root (tests hand in their own). */
export interface InvestigationDeps {
  /** Starts the configured servers; their start and every call are reported on `events`. */
  startHub(events: EventSink): Promise<SessionHub>;
  /** The model for the second pass; null means the offline report is the whole answer. */
  provider: LlmProvider | null;
  /** Opens the history store; called while the servers start. The session closes it. */
  openStore(): Promise<Db>;
  /** Where runbook files are looked up for matching (the runbooks directory by default). */
  runbooksDir?: string;
  /** Where parsed runbook entries are kept between runs (YAML parsing is most of a run's own CPU); none: parse each time. */
  catalogCacheFile?: string;
  now?: () => number;
}

export interface InvestigationInput {
  /** What the engineer typed. */
  incident: string;
  /** The moment of the report; by default now, or the end of the data when it ends earlier. */
  at?: string;
  window?: string;
  limits: Pick<LimitsConfig, 'call_timeout_ms' | 'rounds' | 'tool_calls' | 'tool_output_tokens' | 'prompt_tokens'>;
  /** Tools described to the model: those relevant to the hypotheses (default) or all read-only ones. */
  modelTools?: 'relevant' | 'all';
  /** Aborted when a person stops waiting for the model: the offline report stands. */
  stopModel?: AbortSignal;
  /** Stored with the investigation: which sources were read and where that choice came from. */
  sources: Record<string, unknown>;
  /** The repository read, for an offered runbook's `repo` param. */
  repo?: string;
  /** The sources are the bundled demo's: the report says so in every format. */
  demo?: boolean;
}

export interface RunbookOfferPlan {
  id: string;
  title: string;
  score: number;
  /** Params filled from the report (service, suspect commit, repository). */
  params: Record<string, string>;
}

export interface InvestigationResult {
  /** The stored investigation's id (`rca show ID`). */
  id: string;
  report: Report;
  /** The model pass's notices for stderr (also emitted as `notice` events when they happen). */
  notices: string[];
  /** The best matching runbook, ready to offer; null when none fits. */
  offer: RunbookOfferPlan | null;
}

export async function runInvestigation(deps: InvestigationDeps, input: InvestigationInput, sink: EventSink): Promise<InvestigationResult> {
  const recorder = callRecorder();
  const events = fanOut([recorder.sink, sink]);
  const hubStarting = deps.startHub(events);
  // The engine, the matcher and the store's code are loaded now, not when this module is: startHub has spawned the
  // servers by now (the composition root loads the hub first), so reading and compiling them overlaps their start.
  const code = loadCode();
  code.catch(() => undefined);
  // The store and the runbook catalogue (YAML parsing) load while the servers start: the process is idle then.
  const storeLoading = settle(
    (async () => {
      await new Promise((r) => setImmediate(r));
      const { loadRunbookCatalog } = (await code).candidates;
      const db = await deps.openStore();
      try {
        return { db, catalog: loadRunbookCatalog(db, { dir: deps.runbooksDir, cacheFile: deps.catalogCacheFile }) };
      } catch (err) {
        db.close();
        throw err;
      }
    })(),
  );
  let found: { report: Report; notices: string[]; extras: ExtraSource[] };
  try {
    found = await investigateThroughHub(await hubStarting, deps, input, events, code);
  } catch (err) {
    void storeLoading.then((st) => st.ok && st.value.db.close());
    throw err;
  }
  const loaded = await storeLoading;
  if (!loaded.ok) throw loaded.error;
  const { db, catalog } = loaded.value;
  const { match, store } = await code;
  try {
    // The id is part of the report (JSON readers can `rca show` it), so it is chosen before saving.
    const id = store.newId('inv');
    const report = { id, ...(input.demo ? { demo: true } : {}), ...withEveryCall(withRunbooksAndGaps(found.report, catalog, recorder.downServers(), found.extras, match), recorder.calls()) };
    store.saveInvestigation(db, { id, incident: input.incident, window: report.window, sources: input.sources, report, toolCalls: recorder.calls() });
    return { id, report, notices: found.notices, offer: offerFor(report, catalog, input.repo, match) };
  } finally {
    db.close();
  }
}

/** The code a run needs beyond starting its servers. */
function loadCode() {
  return Promise.all([import('../rca/engine.js'), import('../runbook/match.js'), import('../store/index.js'), import('./runbook-candidates.js')]).then(
    ([engine, match, store, candidates]) => ({ engine, match, store, candidates }),
  );
}
type SessionCode = Awaited<ReturnType<typeof loadCode>>;

/** Offline engine, empty-window check, then the model pass; the hub is stopped whatever happens. */
async function investigateThroughHub(hub: SessionHub, deps: InvestigationDeps, input: InvestigationInput, events: EventSink, code: Promise<SessionCode>) {
  try {
    const { DEFAULT_WINDOW, investigateOffline } = (await code).engine;
    const outputs: ToolCallOutcome[] = [];
    const caller: ToolCaller = {
      listTools: () => hub.listTools(),
      reserveIds: (n) => hub.reserveIds(n),
      call: async (tool, args, opts) => {
        const o = await hub.call(tool, args, opts);
        outputs.push(o);
        return o;
      },
    };
    const window = input.window ?? DEFAULT_WINDOW;
    const offline = (at: string) => investigateOffline({ incident: input.incident, window, at, caller, events, callTimeoutMs: input.limits.call_timeout_ms });
    const spans = dataSpans(hub);
    let report: Report;
    if (input.at) {
      // The moment is given: the spans are only needed for the checks, so they are read alongside the engine's
      // calls instead of before them (one round trip less on the critical path of every replayed incident).
      const settled = await Promise.allSettled([spans.check(), offline(input.at)]);
      if (settled[0].status === 'rejected') throw settled[0].reason;
      if (settled[1].status === 'rejected') throw settled[1].reason;
      report = settled[1].value;
    } else {
      await spans.check();
      report = await offline(await spans.defaultAt((deps.now ?? Date.now)()));
    }
    if (windowIsEmpty(outputs)) {
      throw new NoDataError(`no data between ${report.window.from} and ${report.window.to} in the configured sources`, await spans.noDataHint());
    }
    let notices: string[] = [];
    if (deps.provider) {
      // Loaded only when a model is named: most runs are offline, and start-up time is a target.
      const { investigateWithModel } = await import('../llm/model-pass.js');
      const result = await investigateWithModel({
        provider: deps.provider, incident: input.incident, offline: report, tools: hub.listTools(), call: (t, a) => hub.call(t, a), onEvent: events,
        limits: loopLimitsOf(input.limits),
        toolChoice: input.modelTools, signal: input.stopModel,
      });
      report = result.report;
      notices = result.notices;
    }
    // Without a model nothing reads an extra server: say so, rather than let the reader assume it was read.
    return { report, notices, extras: deps.provider ? [] : extraSources(hub.listTools()) };
  } finally {
    await hub.close();
  }
}

interface ExtraSource {
  server: string;
  tools: number;
}

/** Servers beyond the built-in sources (rca.config.yaml's mcpServers) that answered, with how many tools they offer. */
function extraSources(tools: ToolSpec[]): ExtraSource[] {
  const counts = new Map<string, number>();
  for (const t of tools) if (!(BUILTIN_SERVERS as string[]).includes(t.server)) counts.set(t.server, (counts.get(t.server) ?? 0) + 1);
  return [...counts].map(([server, n]) => ({ server, tools: n }));
}

/**
 * The matching runbooks; a notice per server down at the end (missing evidence the reader must know about) and
 * per extra server that answered (a source the offline analyzers do not read: only a model's calls use it).
 */
function withRunbooksAndGaps(report: Report, catalog: CatalogEntry[], servers: DownServer[], extras: ExtraSource[], match: SessionCode['match']): Report {
  const gaps = servers.map((f) =>
    f.started
      ? `the ${f.server} server stopped during the investigation, so part of its evidence is missing: ${f.error}`
      : `the ${f.server} server did not start, so its evidence is missing: ${f.error}`,
  );
  for (const x of extras) {
    gaps.push(`the ${x.server} server (${x.tools} tool${x.tools === 1 ? '' : 's'}) is a source the offline analyzers do not read; name a model (--model) to use it`);
  }
  return {
    ...report,
    runbooks: match.matchRunbooks(report, catalog).map(({ id, title, score }) => ({ id, title, score })),
    ...(gaps.length ? { notices: [...(report.notices ?? []), ...gaps] } : {}),
  };
}

/**
 * The report lists every call the investigation made, the session's own (the sources' span probes)
 * included, so its count is the one the live view and the progress lines showed.
 */
function withEveryCall(report: Report, calls: RecordedCall[]): Report {
  const finished = calls.flatMap((c) => (c.ok === null ? [] : [{ id: c.id, tool: c.tool, args: c.args, ms: c.ms ?? 0, ok: c.ok }]));
  const listed = new Set(report.tool_calls.map((c) => c.id));
  const all = [...report.tool_calls, ...finished.filter((c) => !listed.has(c.id))];
  // Hub ids are c1, c2, ... in call order.
  all.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)) || a.id.localeCompare(b.id));
  return { ...report, tool_calls: all, stats: { ...report.stats, tool_calls: all.length } };
}

function offerFor(report: Report, catalog: CatalogEntry[], repo: string | undefined, match: SessionCode['match']): RunbookOfferPlan | null {
  const best = report.runbooks?.[0];
  if (!best) return null;
  const entry = catalog.find((c) => c.id === best.id);
  return { ...best, params: match.paramsFromReport(entry?.params ?? [], report, repo) };
}

/** A promise that never rejects (so an early failure cannot go unhandled while the hub starts). */
function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

export type ModelLimits = Pick<LimitsConfig, 'rounds' | 'tool_calls' | 'tool_output_tokens' | 'prompt_tokens'>;

/** The configured limits as the model loop names them; unset ones keep the loop's own defaults. */
export function loopLimitsOf(limits: ModelLimits) {
  return definedOnly({
    maxRounds: limits.rounds, maxToolCalls: limits.tool_calls, toolOutputTokens: limits.tool_output_tokens, promptTokenBudget: limits.prompt_tokens,
  });
}

/** Drops unset limits so the loop's own defaults apply to them. */
function definedOnly<T extends Record<string, number | undefined>>(limits: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, number>>;
}
