// Follow-up questions answered from a stored report alone (no model): why something was ruled out, the evidence
// for a hypothesis, what happened around a time; and, for anything else, what would need a model.
import type { Report } from '../core/report.js';

export interface StoredAnswer {
  /** Which kind of question the stored evidence could answer, or 'needs_model'. */
  kind: 'ruled_out' | 'hypothesis' | 'timeline' | 'root_cause' | 'needs_model';
  lines: string[];
}

const words = (t: string) => (t.toLowerCase().match(/[a-z0-9][a-z0-9._-]{2,}/g) ?? []).filter((w) => !STOP.has(w));
const STOP = new Set(['why', 'not', 'the', 'was', 'what', 'how', 'did', 'does', 'and', 'for', 'this', 'that', 'with', 'are', 'is', 'happen', 'happened', 'around', 'show', 'evidence']);

/** The best stored answer to `question`; never invents: every line is the report's own text. */
export function answerFromReport(report: Report, question: string): StoredAnswer {
  const q = words(question);
  const hits = (text: string) => q.filter((w) => text.toLowerCase().includes(w)).length;
  const ruled = report.ruled_out.map((r) => ({ r, n: hits(`${r.what} ${r.reason}`) })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n);
  if (ruled.length && /\b(why not|ruled out|not)\b/i.test(question)) {
    return { kind: 'ruled_out', lines: ruled.slice(0, 3).map(({ r }) => `Ruled out: ${r.what}: ${r.reason}`) };
  }
  const time = /\b(\d{1,2}:\d{2})\b/.exec(question)?.[1];
  if (time) {
    const near = report.timeline.filter((t) => t.time.slice(11, 16) === time.padStart(5, '0') || t.time.slice(11, 15) === time.padStart(5, '0').slice(0, 4));
    if (near.length) return { kind: 'timeline', lines: near.map((t) => `${t.time} [${t.source}] ${t.event}`) };
  }
  const hyp = (report.hypotheses ?? []).map((h) => ({ h, n: hits(`${h.summary} ${h.category} ${h.service ?? ''}`) })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n)[0];
  const rcHits = hits(`${report.root_cause.summary} ${report.root_cause.category} ${report.root_cause.service ?? ''}`);
  if (hyp && hyp.n > rcHits) {
    const ev = report.evidence.filter((e) => hits(`${e.detail} ${e.quote}`) > 0).slice(0, 4);
    return { kind: 'hypothesis', lines: [`Hypothesis (${Math.round(hyp.h.confidence * 100)}%, ${hyp.h.category}): ${hyp.h.summary}`, ...ev.map((e) => `Evidence (${e.tool} ${e.call_id}): ${e.detail}: "${e.quote}"`)] };
  }
  if (rcHits > 0 || /\b(root cause|evidence|why)\b/i.test(question)) {
    const rc = report.root_cause;
    return {
      kind: 'root_cause',
      lines: [`Root cause (${Math.round(rc.confidence * 100)}%, ${rc.category}): ${rc.summary}`, ...report.evidence.slice(0, 4).map((e) => `Evidence (${e.tool} ${e.call_id}): ${e.detail}: "${e.quote}"`)],
    };
  }
  return { kind: 'needs_model', lines: ['The stored evidence does not answer this; a model with the read-only tools would be needed (--model, or model.name in rca.config.yaml).'] };
}
