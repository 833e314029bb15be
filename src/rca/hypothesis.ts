// A root-cause hypothesis and the verdict ranking hands to the report: shared by the ranking, the
// ruled-out releases and the report builder, so it sits in its own module (no import circle).
import type { Category } from '../core/report.js';
import type { Finding, SuspectChange } from './analyzer.js';

export interface Hypothesis {
  summary: string;
  category: Category;
  service: string | null;
  suspect: SuspectChange | null;
  confidence: number;
  /** The uncapped strength used to order hypotheses (confidence is capped at 0.95). */
  score: number;
  /** Findings whose evidence supports it. */
  support: Finding[];
  recommendations: string[];
  /**
   * When the failures it explains began before the onset the report states (a cache delaying the errors past the
   * first refusals): that time and what began then. A change that went live after it did not start them.
   */
  failingSince?: { time: number; what: string };
}

export interface Verdict {
  best: Hypothesis;
  others: Hypothesis[];
  ruledOut: Array<{ what: string; reason: string }>;
}

/**
 * The score that puts a rule's hypothesis just above the strongest one so far (by 0.02), held between `floor` (what its
 * own evidence is worth alone) and `ceiling` (what it may claim): the rules that name a mechanism over readings by words.
 */
export function justAbove(hypotheses: readonly Hypothesis[], floor: number, ceiling: number): number {
  const top = hypotheses.reduce((m, o) => Math.max(m, o.score), 0);
  return Math.min(ceiling, Math.max(floor, top + 0.02));
}
