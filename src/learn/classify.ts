// Classifies a failed execution and stores the verdict with it: the rules always run; a model, when one
// is given and reachable, may refine them, and any unusable model answer falls back to the rules.
import type { LlmProvider } from '../llm/index.js';
import type { Runbook } from '../runbook/schema.js';
import { getInvestigation, saveClassification, type Classification, type Db } from '../store/index.js';
import { type ExecutionResult } from '../runbook/execution-result.js';
import { classifyByRules } from './classify-rules.js';
import { classifyWithModel } from './classify-model.js';
import { failureFacts, type FailureFacts, type IncidentView } from './failure-facts.js';

export interface ClassifyOptions {
  provider?: LlmProvider | null;
  /** One line per notice (model unreachable, invalid answer), for stderr. */
  notice?: (msg: string) => void;
}

/** The investigation's root cause, when the run names one that exists in the store. */
export function incidentView(db: Db, incidentId: string | null): IncidentView | null {
  if (!incidentId) return null;
  try {
    const inv = getInvestigation(db, incidentId);
    return inv ? { category: inv.report.root_cause.category, service: inv.report.root_cause.service, confidence: inv.report.root_cause.confidence } : null;
  } catch {
    return null;
  }
}

/** Only real failures: an interrupted run was stopped by a person, a partial one counts as a success. */
export const FAILED_STATUSES: ReadonlySet<string> = new Set(['failure']);

export async function classifyFacts(facts: FailureFacts, opts: ClassifyOptions = {}) {
  const rules = classifyByRules(facts);
  if (opts.provider) {
    const check = await opts.provider.check();
    if (!check.ok) {
      opts.notice?.(`${check.notice}; classified by the rules`);
    } else {
      const m = await classifyWithModel(opts.provider, facts, rules);
      if (m.ok) return { verdict: m.verdict, by: 'model' as const, model: opts.provider.model, rule: null };
      opts.notice?.(m.notice);
    }
  }
  return { verdict: rules, by: 'rules' as const, model: null, rule: rules.rule };
}

/** Classifies and stores; returns null for runs that did not fail (success, refused, dry run). */
export async function classifyExecution(db: Db, r: ExecutionResult, rb: Runbook | null, opts: ClassifyOptions = {}): Promise<Classification | null> {
  if (!FAILED_STATUSES.has(r.status) || r.dry_run) return null;
  const facts = failureFacts(r, rb, incidentView(db, r.incident_id));
  const c = await classifyFacts(facts, opts);
  return saveClassification(db, {
    executionId: r.execution_id,
    failureType: c.verdict.failure_type,
    reasoning: c.verdict.reasoning,
    confidence: c.verdict.confidence,
    classifiedBy: c.by,
    model: c.model,
    evidence: c.rule ? [`rule: ${c.rule}`, ...c.verdict.evidence] : c.verdict.evidence,
  });
}
