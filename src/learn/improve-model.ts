// A candidate written by a model: the parent YAML, the failure and its classification go in; the answer
// must be JSON {summary, yaml} whose yaml lints, keeps the runbook id and bakes in nothing of the one case.
import { z } from 'zod';
import type { LlmProvider } from '../llm/index.js';
import { formatProblem, loadRunbookText } from '../runbook/loader.js';
import type { RepairInput, Repair } from './improve-rules.js';
import { addedText } from './line-diff.js';
import { volatileTokens } from './generalize.js';
import { askModel, learnSystemPrompt } from './model-answer.js';

export const candidateSchema = z.object({
  summary: z.string().min(5),
  yaml: z.string().min(10),
});

const SYSTEM = learnSystemPrompt([
  'You improve an operations runbook (YAML) after a failed execution so the same kind of failure does not happen again.',
  'Return JSON {summary, yaml}: summary is one sentence for the reviewer; yaml is the complete improved runbook.',
  'Keep the id, the format and every field the parent uses; change as little as possible: add a step, a check or a longer wait.',
  'Write a procedure, not a record of this incident: no hostnames, timestamps, execution ids or IP addresses of the failed run;',
  'use {{ params.NAME }} for values that vary. Commands are argv arrays. Mark steps that change the system mutating: true.',
]);

export function candidateProblem(i: RepairInput, yaml: string): string | null {
  const loaded = loadRunbookText(yaml, 'candidate.yaml');
  if (!loaded.runbook) return `the yaml does not lint: ${loaded.problems.slice(0, 5).map(formatProblem).join('; ')}`;
  if (loaded.runbook.id !== i.runbook.id) return `the id must stay ${i.runbook.id}`;
  const baked = volatileTokens(addedText(i.yaml, yaml), i.result, i.yaml);
  if (baked.length) return `the new text bakes in details of the failed case (${baked.join(', ')}); use params instead`;
  if (yaml.trim() === i.yaml.trim()) return 'the yaml is unchanged';
  return null;
}

export type ModelRepair = { ok: true; repair: Repair; repaired: boolean } | { ok: false; notice: string };

export async function repairWithModel(provider: LlmProvider, i: RepairInput): Promise<ModelRepair> {
  const user = JSON.stringify(
    {
      failure_type: i.failureType,
      failing_step: i.facts.failingStep,
      error_text: i.facts.text.slice(0, 3000),
      verification_detail: i.facts.verificationDetail,
      parent_yaml: i.yaml,
    },
    null,
    2,
  );
  const out = await askModel(
    { provider, schema: candidateSchema, system: SYSTEM, user, check: (v) => candidateProblem(i, v.yaml) },
    { answer: 'candidate', task: 'write a candidate', fallback: 'the deterministic repairs' },
  );
  if (!out.ok) return out;
  const yaml = out.value.yaml.endsWith('\n') ? out.value.yaml : `${out.value.yaml}\n`;
  return { ok: true, repair: { name: 'model', summary: out.value.summary, yaml }, repaired: out.repaired };
}
