// A follow-up question about a stored investigation and its answer (`rca ask`, `rca --interactive`): one shape
// for what is printed, what --json gives, what the store keeps and what `rca show` lists.
import { z } from 'zod';

export const citationSchema = z.object({
  /** The claim this citation supports, in the model's words. */
  claim: z.string(),
  call_id: z.string(),
  tool: z.string(),
  quote: z.string(),
  /** Set by code: the quote occurs in the output of the call it names (a call of the question or the stored evidence). */
  verified: z.boolean(),
  /** Why it could not be verified; null when it was. */
  why: z.string().nullable(),
});
export type Citation = z.infer<typeof citationSchema>;

export const followUpSchema = z.object({
  investigation_id: z.string(),
  asked_at: z.string(),
  question: z.string(),
  /** How it was answered: by a model with the read-only tools, or from the stored evidence alone (its kind). */
  kind: z.enum(['model', 'ruled_out', 'hypothesis', 'timeline', 'root_cause', 'needs_model']),
  /** The answer as printed, line by line: an unverified claim is never among the answer's own lines. */
  answer: z.string(),
  citations: z.array(citationSchema),
  /** `ollama:<name>` / `openai:<name>` when a model answered; null from stored evidence. */
  model: z.string().nullable(),
  stats: z.object({ rounds: z.number(), tool_calls: z.number(), prompt_tokens: z.number() }),
  notices: z.array(z.string()),
});
export type FollowUp = z.infer<typeof followUpSchema>;

/** The answer and its citations as text lines (stdout of `rca ask`, the interactive prompt, `rca show`). */
export function followUpLines(f: FollowUp): string[] {
  const lines = f.answer.split('\n');
  for (const c of f.citations.filter((x) => x.verified)) lines.push(`  [${c.call_id} ${c.tool}] ${c.claim}: "${c.quote}"`);
  const dropped = f.citations.filter((x) => !x.verified);
  if (dropped.length) {
    lines.push(`Not verified, left out of the answer (${dropped.length}):`);
    for (const c of dropped) lines.push(`  (unverified: ${c.why}) ${c.claim}`);
  }
  return lines;
}
