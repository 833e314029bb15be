// The learning hook `runbook exec` calls after a run: builds the model provider from the environment
// (OLLAMA_MODEL / OLLAMA_HOST; none means rules only), classifies a failure, queues a candidate, says so on stderr.
import { createLogger } from '../../core/logger.js';
import type { Runbook } from '../../runbook/schema.js';
import type { Db } from '../../store/index.js';
import type { ExecutionResult, FailureType } from '../../runbook/execution-result.js';

export const LEARN_ENV = 'INCIDENT_COPILOT_LEARN';

/** Builds the provider when a model is configured; null means the deterministic rules do the work. */
export async function learnProvider(env: NodeJS.ProcessEnv = process.env) {
  const { resolveOllamaSettings, createOllamaProvider } = await import('../../llm/index.js');
  const s = resolveOllamaSettings(env);
  return s.model ? createOllamaProvider({ host: s.host, model: s.model, apiKey: s.apiKey, chatTimeoutMs: 60_000 }) : null;
}

/**
 * Classifies a failed run and proposes a candidate; returns the failure type for the printed result.
 * Learning problems are warnings: the execution's own result and exit code never depend on them.
 */
export async function afterExecution(db: Db, result: ExecutionResult, runbook: Runbook): Promise<FailureType | null> {
  if (result.dry_run || result.status === 'success' || result.status === 'refused' || process.env[LEARN_ENV] === '0') return result.failure_type;
  const log = createLogger('learn');
  const say = (m: string) => process.stderr.write(`learn: ${m}\n`);
  try {
    const { learnFromExecution } = await import('../../learn/learn.js');
    const out = await learnFromExecution(db, result, runbook, { provider: await learnProvider(), notice: (m) => log.warn(m) });
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
