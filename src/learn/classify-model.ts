// Classification by a model: the facts and the rules' verdict go in, a validated Verdict comes out
// (JSON schema, zod, one repair); null with a notice when the model cannot give a usable answer.
import { z } from 'zod';
import { FAILURE_TYPES } from '../runbook/execution-result.js';
import type { LlmProvider } from '../llm/index.js';
import type { FailureFacts } from './failure-facts.js';
import type { Verdict } from './classify-rules.js';
import { askModel, learnSystemPrompt } from './model-answer.js';

export const modelVerdictSchema = z.object({
  failure_type: z.enum(FAILURE_TYPES),
  reasoning: z.string().min(10),
  confidence: z.number().min(0).max(1),
  evidence: z.array(z.string()).max(5),
});

const SYSTEM = learnSystemPrompt([
  'You classify why a runbook execution failed, into exactly one type:',
  'wrong_diagnosis (the root cause assumed was wrong), wrong_runbook (a runbook for another problem was run),',
  'runbook_insufficient (the procedure is incomplete: a service on this host it neither checks nor starts, a missing step, too little waiting or retrying),',
  'environment_difference (this host differs: a missing program or module, no git identity, a missing unit, package, container or file, a read-only or full disk, a taken port, an untrusted certificate, another OS or layout),',
  'external_dependency (a remote system the runbook does not manage did not resolve, refused, timed out or answered 5xx), permission_denied (rights or credentials were refused),',
  'unclassified (the output does not say why, e.g. a program bug or a merge conflict: say so rather than guess).',
  'Answer with JSON only: failure_type, reasoning (two sentences that cite the error), confidence 0..1, evidence (quoted lines).',
]);

export function classificationPrompt(f: FailureFacts, rules: Verdict): string {
  return JSON.stringify(
    {
      status: f.status,
      failing_step: f.failingStep,
      error_text: f.text.slice(0, 3000),
      all_steps_succeeded: f.allStepsSucceeded,
      verification_failed: f.verificationFailed,
      verification_detail: f.verificationDetail,
      changed_system_before_failure: f.mutatedBefore,
      runbook_match: f.match,
      investigation_root_cause: f.incident,
      deterministic_rules_say: { failure_type: rules.failure_type, reasoning: rules.reasoning },
    },
    null,
    2,
  );
}

export type ModelClassification = { ok: true; verdict: Verdict; repaired: boolean } | { ok: false; notice: string };

export async function classifyWithModel(provider: LlmProvider, f: FailureFacts, rules: Verdict): Promise<ModelClassification> {
  const out = await askModel(
    { provider, schema: modelVerdictSchema, system: SYSTEM, user: classificationPrompt(f, rules) },
    { answer: 'classification', task: 'classify', fallback: 'the rules' },
  );
  return out.ok ? { ok: true, verdict: out.value, repaired: out.repaired } : out;
}
