// Assembles the Report (src/core/report.ts) from the verdict, the findings and the tool calls:
// headline, timeline, deduplicated grounded evidence, ruled out, recommendations, stats.
import type { ToolCallOutcome } from '../core/tools.js';
import { reportSchema, type Report } from '../core/report.js';
import type { Finding, TimelineItem } from './analyzer.js';
import type { EvidenceBundle } from './bundle.js';
import type { AnalysisContext } from './context.js';
import { impactOf } from './impact.js';
import type { EvidenceRef } from './quote.js';
import type { Verdict } from './hypothesis.js';

export interface BuildReportInput {
  incident: string;
  engine: string;
  bundle: EvidenceBundle;
  context: AnalysisContext;
  findings: Finding[];
  verdict: Verdict;
  outcomes: ToolCallOutcome[];
  durationMs: number;
  notices?: string[];
}

const MAX_EVIDENCE = 12;
const MAX_TIMELINE = 20;

export function buildReport(input: BuildReportInput): Report {
  const { verdict, bundle, context } = input;
  const best = verdict.best;
  const evidence = dedupeEvidence(best.support.flatMap((f) => f.evidence)).slice(0, MAX_EVIDENCE);
  const report: Report = {
    incident: input.incident,
    engine: input.engine,
    window: bundle.window,
    onset: context.onset === null ? null : new Date(context.onset).toISOString(),
    root_cause: {
      summary: best.summary,
      category: best.category,
      service: best.service,
      suspect_change: best.suspect,
      confidence: round2(best.confidence),
    },
    ruled_out: verdict.ruledOut,
    timeline: timeline(input.findings, bundle, best.support),
    evidence: evidence.map((e) => ({ ...e, verified: bundle.outputs[e.call_id]?.text.includes(e.quote) ?? false })),
    recommendations: [...new Set(best.recommendations)],
    tool_calls: input.outcomes.map((o) => ({ id: o.id, tool: o.tool, args: o.args, ms: o.ms, ok: o.ok })),
    stats: { duration_ms: Math.round(input.durationMs), tool_calls: input.outcomes.length, model_rounds: 0, prompt_tokens: 0 },
    hypotheses: verdict.others.map((h) => ({ summary: h.summary, category: h.category, service: h.service, confidence: round2(h.confidence) })),
    notices: input.notices?.length ? input.notices : undefined,
    impact: impactOf(bundle, context),
  };
  return reportSchema.parse(report);
}

function dedupeEvidence(items: EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  return items.filter((e) => {
    const key = `${e.call_id}\u0000${e.quote}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function timeline(findings: Finding[], bundle: EvidenceBundle, support: Finding[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  const from = Date.parse(bundle.window.from);
  const to = Date.parse(bundle.window.to);
  for (const f of findings) if (f.kind !== 'change' || support.includes(f)) items.push(...f.timeline);
  // Releases in (or just before) the window: what an on-call engineer checks first.
  for (const d of bundle.deployments?.data ?? []) {
    const t = Date.parse(d.time);
    if (t >= from - 3_600_000 && t <= to) items.push({ time: d.time, source: 'git', event: `${d.tag} deployed (${d.commits.length} commit${d.commits.length === 1 ? '' : 's'})` });
  }
  for (const e of bundle.containerEvents?.data ?? []) {
    if (/die|oom|restart|unhealthy|kill/i.test(e.action)) items.push({ time: e.time, source: 'docker', event: `${e.container}: ${e.action}${e.exit_code !== null ? ` (exit ${e.exit_code})` : ''}` });
  }
  const seen = new Set<string>();
  return items
    .filter((i) => !Number.isNaN(Date.parse(i.time)))
    .map((i) => ({ ...i, time: new Date(Date.parse(i.time)).toISOString() }))
    .filter((i) => {
      // One line per moment and source: the onset and the first new signature often name the same entry.
      const k = i.source === 'logs' ? `${i.time}|logs` : `${i.time}|${i.source}|${i.event}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.time.localeCompare(b.time))
    .slice(-MAX_TIMELINE);
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
