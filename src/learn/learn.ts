// The learning loop after one execution: classify a failure, then propose a better version for the
// improvable types. Never throws for a learning problem: the execution's own outcome must stand.
import type { LlmProvider } from '../llm/index.js';
import type { Runbook } from '../runbook/schema.js';
import { getVersion, type Classification, type Db } from '../store/index.js';
import { type ExecutionResult } from '../runbook/execution-result.js';
import { classifyExecution } from './classify.js';
import { improveAfterFailure, type ImproveOutcome } from './improve.js';

export interface LearnOptions {
  provider?: LlmProvider | null;
  notice?: (msg: string) => void;
}

export interface LearnOutcome {
  classification: Classification | null;
  improvement: ImproveOutcome | null;
}

export async function learnFromExecution(db: Db, result: ExecutionResult, runbook: Runbook, opts: LearnOptions = {}): Promise<LearnOutcome> {
  const classification = await classifyExecution(db, result, runbook, opts);
  if (!classification) return { classification: null, improvement: null };
  const parent = getVersion(db, result.runbook_id, result.runbook_version);
  if (!parent) return { classification, improvement: null };
  const improvement = await improveAfterFailure(db, { result, parent, runbook, classification }, opts);
  return { classification, improvement };
}

export { classifyExecution } from './classify.js';
export { improveAfterFailure } from './improve.js';
