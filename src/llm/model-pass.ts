// The model pass the investigation session runs after the offline engine: check the model, run the bounded loop,
// ground the verdict, merge it; on any failure the offline report comes back with one notice line.
import type { EventSink } from '../core/events.js';
import type { Report } from '../core/report.js';
import type { ToolSpec } from '../core/tools.js';
import { COMMIT_SERVERS, groundVerdict } from './grounding.js';
import { runInvestigationLoop, type LoopLimits, type ToolCallFn } from './loop.js';
import { mergeVerdictIntoReport, offlineWithNotice } from './merge.js';
import { summarizeOfflineReport } from './prompt.js';
import type { LlmProvider } from './provider.js';
import type { ToolChoice } from './tool-relevance.js';

export interface ModelInvestigationInput {
  provider: LlmProvider;
  incident: string;
  offline: Report;
  /** Every tool the hub lists (mutating ones are filtered out here). */
  tools: ToolSpec[];
  call: ToolCallFn;
  /** Defaults to summarizeOfflineReport(offline). */
  hypotheses?: string;
  limits?: Partial<LoopLimits>;
  /** Which tools are described to the model: those relevant to the offline hypotheses (default) or all. */
  toolChoice?: ToolChoice;
  /** A person stopped waiting: the offline report stands. */
  signal?: AbortSignal;
  onEvent?: EventSink;
  now?: () => number;
}

export interface ModelInvestigationResult {
  report: Report;
  /** One line each, for stderr ("Ollama at … is not reachable (ECONNREFUSED); using the offline report"). */
  notices: string[];
  /** True when the model's conclusion was adopted (engine "ollama:<model>"), false when the offline one stands. */
  usedModel: boolean;
}

export async function investigateWithModel(input: ModelInvestigationInput): Promise<ModelInvestigationResult> {
  const now = input.now ?? (() => performance.now());
  const start = now();
  const emit = input.onEvent ?? (() => {});
  const model = { name: input.provider.model, provider: providerName(input.provider) };
  const check = await input.provider.check();
  if (!check.ok) {
    const notice = `${check.notice}; using the offline report`;
    emit({ type: 'notice', message: notice });
    return { report: offlineWithNotice(input.offline, [notice], undefined, { ...model, reason: check.notice }), notices: [notice], usedModel: false };
  }
  const loop = await runInvestigationLoop({
    provider: input.provider,
    incident: input.incident,
    hypotheses: input.hypotheses ?? summarizeOfflineReport(input.offline),
    tools: input.tools,
    call: input.call,
    limits: input.limits,
    focus: [input.offline.root_cause.category, ...(input.offline.hypotheses ?? []).map((h) => h.category)],
    toolChoice: input.toolChoice,
    signal: input.signal,
    onEvent: input.onEvent,
    now,
  });
  if (!loop.ok) {
    emit({ type: 'notice', message: loop.notice });
    const notices = [...loop.notices, loop.notice];
    return { report: offlineWithNotice(input.offline, notices, loop, { ...model, reason: loop.notice.replace(/; using the offline report$/, '') }), notices, usedModel: false };
  }
  // Commits the offline engine's git calls established; a sha in a log quote is not one of them.
  const knownShas = [
    input.offline.root_cause.suspect_change?.sha,
    ...input.offline.evidence.filter((e) => COMMIT_SERVERS.includes(e.source)).flatMap((e) => e.quote.match(/\b[0-9a-f]{40}\b/g) ?? []),
  ].filter((s): s is string => Boolean(s));
  const grounded = groundVerdict(
    loop.verdict,
    loop.calls.map((c) => ({ id: c.id, tool: c.tool, text: c.sentText })),
    { knownShas },
  );
  const report = mergeVerdictIntoReport(input.offline, grounded, {
    engine: input.provider.label,
    model,
    calls: loop.calls,
    rounds: loop.rounds,
    promptTokens: loop.promptTokens,
    durationMs: now() - start,
    notices: loop.notices,
  });
  return { report, notices: report.notices?.filter((n) => !(input.offline.notices ?? []).includes(n)) ?? [], usedModel: report.model?.adopted === true };
}

/** "ollama" of the label "ollama:<model>". */
function providerName(p: LlmProvider): string {
  const i = p.label.indexOf(':');
  return i > 0 ? p.label.slice(0, i) : p.label;
}
