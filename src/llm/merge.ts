// Merges a grounded model verdict into the offline report: the model's conclusion replaces the offline
// one only when code verified its evidence and it is at least as strong; otherwise it stays a hypothesis.
import { reportSchema, type Report } from '../core/report.js';
import { redactValue } from '../core/redact.js';
import { findCommit } from './commit-lookup.js';
import type { GroundedVerdict } from './grounding.js';
import type { LoopCall } from './loop.js';

export interface ModelRun {
  /** "ollama:<model>" */
  engine: string;
  calls: LoopCall[];
  rounds: number;
  promptTokens: number;
  /** Wall time of the model part (check, loop, verdict). */
  durationMs: number;
  notices: string[];
}

function sameChange(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.startsWith(y) || y.startsWith(x);
}

/** True when code lets the model's conclusion replace the offline one. */
export function adoptModelConclusion(offline: Report, g: GroundedVerdict): boolean {
  if (g.verifiedCount === 0) return false;
  const off = offline.root_cause;
  const agrees =
    sameChange(off.suspect_change?.sha, g.verdict.suspect_sha) ||
    (off.category === g.verdict.category && (off.service ?? '') === (g.verdict.service ?? ''));
  return agrees || off.category === 'unknown' || g.verdict.confidence >= off.confidence;
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t).toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function mergeVerdictIntoReport(offline: Report, grounded: GroundedVerdict, run: ModelRun): Report {
  const v = redactValue(grounded.verdict);
  const adopt = adoptModelConclusion(offline, grounded);
  const notices = [...(offline.notices ?? []), ...run.notices, ...grounded.notes];

  let rootCause = offline.root_cause;
  const hypotheses = [...(offline.hypotheses ?? [])];
  if (adopt) {
    const sameFinding = offline.root_cause.category === v.category && (offline.root_cause.service ?? '') === (v.service ?? '');
    // A model that agrees with the offline finding but names no change has not ruled the change out.
    let suspect = !v.suspect_sha && sameFinding ? offline.root_cause.suspect_change : (null as Report['root_cause']['suspect_change']);
    if (v.suspect_sha) {
      suspect = sameChange(offline.root_cause.suspect_change?.sha, v.suspect_sha)
        ? offline.root_cause.suspect_change
        : findCommit(v.suspect_sha, run.calls.map((c) => c.fullText));
      if (!suspect) notices.push(`the model named change ${v.suspect_sha.slice(0, 12)} but no tool output gave its details; suspect_change left empty`);
    }
    rootCause = { summary: v.summary, category: v.category, service: v.service, suspect_change: suspect, confidence: v.confidence };
    if (offline.root_cause.summary !== v.summary) {
      hypotheses.unshift({
        summary: `offline: ${offline.root_cause.summary}`,
        category: offline.root_cause.category,
        service: offline.root_cause.service,
        confidence: offline.root_cause.confidence,
      });
    }
  } else {
    hypotheses.unshift({ summary: `model (not adopted): ${v.summary}`, category: v.category, service: v.service, confidence: v.confidence });
    notices.push(
      grounded.verifiedCount === 0
        ? "the model's conclusion was not adopted: none of its evidence was found in tool outputs"
        : "the model's conclusion was not adopted: it is weaker than the offline analysis",
    );
  }

  // The report speaks the hub's ids (as the audit and the events do); the model spoke llm-N.
  const reportIds = new Map<string, string>();
  const taken = new Set(offline.tool_calls.map((c) => c.id));
  for (const c of run.calls) {
    const id = c.outcomeId && !taken.has(c.outcomeId) ? c.outcomeId : c.id;
    taken.add(id);
    reportIds.set(c.id, id);
  }
  const toReportId = <T extends { call_id: string }>(e: T): T => redactValue({ ...e, call_id: reportIds.get(e.call_id) ?? e.call_id });
  const verifiedEvidence = grounded.evidence.filter((e) => e.verified).map(toReportId);
  const unverifiedEvidence = grounded.evidence.filter((e) => e.verified === false).map(toReportId);
  const loopCalls = run.calls.map((c) => ({ id: reportIds.get(c.id) ?? c.id, tool: c.tool, args: redactValue(c.args), ms: c.ms, ok: c.ok }));
  const merged: Report = {
    ...offline,
    engine: run.engine,
    onset: offline.onset ?? (v.onset && !Number.isNaN(Date.parse(v.onset)) ? new Date(v.onset).toISOString() : null),
    root_cause: rootCause,
    // A conclusion code did not adopt must not leak in through its ruled-out list or its advice.
    ruled_out: adopt ? dedupe([...offline.ruled_out, ...v.ruled_out], (r) => r.what) : offline.ruled_out,
    evidence: adopt ? [...verifiedEvidence, ...offline.evidence, ...unverifiedEvidence] : [...offline.evidence, ...verifiedEvidence, ...unverifiedEvidence],
    recommendations: adopt ? dedupe([...v.recommendations, ...offline.recommendations], (r) => r) : offline.recommendations,
    tool_calls: [...offline.tool_calls, ...loopCalls],
    stats: {
      duration_ms: offline.stats.duration_ms + Math.round(run.durationMs),
      tool_calls: offline.tool_calls.length + loopCalls.length,
      model_rounds: run.rounds,
      prompt_tokens: run.promptTokens,
    },
    hypotheses,
    notices: dedupe(notices, (n) => n),
  };
  return reportSchema.parse(merged);
}

/** The offline report with the model's failure as a notice (engine stays offline). */
export function offlineWithNotice(offline: Report, notices: string[], stats?: { rounds: number; promptTokens: number }): Report {
  return {
    ...offline,
    stats: stats ? { ...offline.stats, model_rounds: stats.rounds, prompt_tokens: stats.promptTokens } : offline.stats,
    notices: dedupe([...(offline.notices ?? []), ...notices], (n) => n),
  };
}
