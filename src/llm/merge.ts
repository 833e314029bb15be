// Merges a grounded model verdict into the offline report: the model's conclusion replaces the offline
// one only when code verified its evidence and it is at least as strong; otherwise it stays a hypothesis.
import { reportSchema, type Report } from '../core/report.js';
import { redactValue } from '../core/redact.js';
import { findCommit } from './commit-lookup.js';
import { normalizeForMatch, type GroundedVerdict } from './grounding.js';
import type { LoopCall } from './loop.js';

export interface ModelRun {
  /** "ollama:<model>": the report's engine when the conclusion is adopted. */
  engine: string;
  /** The model's name and provider, for the report's `model` field. */
  model: { name: string; provider: string };
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

/** Verified items of the model's whose quote the offline evidence does not already hold: what it found itself. */
export function newEvidenceCount(offline: Report, g: GroundedVerdict): number {
  const known = offline.evidence.map((e) => normalizeForMatch(e.quote)).filter((q) => q.length > 0);
  return g.evidence.filter((e) => {
    if (!e.verified) return false;
    const q = normalizeForMatch(e.quote);
    return !known.some((k) => k.includes(q) || q.includes(k));
  }).length;
}

/** Why code keeps the offline conclusion, or null when the model's replaces it. */
export function rejectionReason(offline: Report, g: GroundedVerdict): string | null {
  if (g.verifiedCount === 0) return 'none of its evidence was found in tool outputs';
  const off = offline.root_cause;
  const agrees =
    sameChange(off.suspect_change?.sha, g.verdict.suspect_sha) ||
    (off.category === g.verdict.category && (off.service ?? '') === (g.verdict.service ?? ''));
  if (agrees) return null;
  // Overturning the offline analysis takes evidence the offline analysis did not already weigh.
  if (newEvidenceCount(offline, g) === 0) return 'it contradicts the offline analysis without new evidence of its own';
  if (off.category !== 'unknown' && g.verdict.confidence < off.confidence) return 'it is weaker than the offline analysis';
  return null;
}

/** True when code lets the model's conclusion replace the offline one. */
export function adoptModelConclusion(offline: Report, g: GroundedVerdict): boolean {
  return rejectionReason(offline, g) === null;
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
  const rejection = rejectionReason(offline, grounded);
  const adopt = rejection === null;
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
    notices.push(`the model's conclusion was not adopted: ${rejection}`);
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
    // The engine names the model only when its conclusion is the report's (an honest engine field).
    engine: adopt ? run.engine : 'offline',
    model: { ...run.model, rounds: run.rounds, adopted: adopt, reason: rejection },
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

/** The offline report with the model's failure as a notice (engine stays offline, `model` says why). */
export function offlineWithNotice(
  offline: Report,
  notices: string[],
  stats?: { rounds: number; promptTokens: number },
  model?: { name: string; provider: string; reason: string },
): Report {
  return {
    ...offline,
    ...(model ? { model: { name: model.name, provider: model.provider, rounds: stats?.rounds ?? 0, adopted: false, reason: model.reason } } : {}),
    stats: stats ? { ...offline.stats, model_rounds: stats.rounds, prompt_tokens: stats.promptTokens } : offline.stats,
    notices: dedupe([...(offline.notices ?? []), ...notices], (n) => n),
  };
}
