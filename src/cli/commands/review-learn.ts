// The learning hook `runbook exec` calls after a run: the model provider from the environment (OLLAMA_MODEL /
// OLLAMA_HOST; none means rules only), classifies a failure, queues a candidate, says so on stderr.
import { createLogger } from '../../core/logger.js';
import type { Runbook } from '../../runbook/schema.js';
import type { Db } from '../../store/index.js';
import type { ExecutionResult, FailureType } from '../../runbook/execution-result.js';

export const LEARN_ENV = 'INCIDENT_COPILOT_LEARN';

/**
 * Classifies a failed run and proposes a candidate; returns the failure type for the printed result.
 * Learning problems are warnings: the execution's own result and exit code never depend on them.
 */
export async function afterExecution(db: Db, result: ExecutionResult, runbook: Runbook): Promise<FailureType | null> {
  if (result.dry_run || result.status === 'success' || result.status === 'refused' || process.env[LEARN_ENV] === '0') return result.failure_type;
  // Partial only because a person skipped a step: nothing failed, so there is nothing to learn.
  const failed = result.executed_steps.some((s) => !s.success && !s.skipped) || result.verification_passed === false;
  if (result.status === 'partial' && !failed) return result.failure_type;
  const log = createLogger('learn');
  const say = (m: string) => process.stderr.write(`learn: ${m}\n`);
  try {
    const [{ learnFromExecution }, { createModelProvider }] = await Promise.all([import('../../learn/learn.js'), import('../compose.js')]);
    // The model named in the environment only; a slow local model gets a minute per answer.
    const provider = await createModelProvider({}, { chatTimeoutMs: 60_000 });
    const out = await learnFromExecution(db, result, runbook, { provider, notice: (m) => log.warn(m) });
    const c = out.classification;
    if (!c) return result.failure_type;
    say(`classified as ${c.failure_type} (${c.classified_by}${c.model ? ` ${c.model}` : ''}, confidence ${c.confidence.toFixed(2)}): ${c.reasoning}`);
    const imp = out.improvement;
    if (imp?.outcome === 'queued' && imp.candidate) {
      say(`candidate ${imp.candidate.runbook_id}-v${imp.candidate.version} (${imp.candidate.priority} priority) waits for review: runbook review`);
    } else if (imp && imp.outcome !== 'not_improvable') {
      say(`no new candidate: ${imp.outcome}${imp.reason ? ` (${imp.reason.split('\n')[0]})` : ''}`);
    }
    return c.failure_type;
  } catch (err) {
    log.warn(`could not learn from ${result.execution_id}: ${(err as Error).message}`);
    return result.failure_type;
  }
}
