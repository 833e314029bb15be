// The failure corpus (fixtures/failures/*.jsonl): its zod schema, the fixed dev/held-out split, and the
// replay of one entry as the failed run `runbook exec` would have recorded for a one-step runbook.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { failureTypeSchema, type ExecutionResult, type StepResult } from '../src/runbook/execution-result.js';

export const REPAIR_KINDS = ['start-dependency', 'precondition', 'alternative', 'wait-retry'] as const;

export const expectationSchema = z.object({
  failure_type: failureTypeSchema,
  /** The dependency or program the output names, when a repair can act on it. */
  names: z.string().min(1).nullable(),
  /** The repair a reviewer would accept; null: no runbook change fixes it (or nothing names what to fix). */
  repair: z.enum(REPAIR_KINDS).nullable(),
});
export type Expectation = z.infer<typeof expectationSchema>;

export const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are kebab-case'),
  tool: z.string().min(1),
  /** The command the runbook step ran; argv[0] is the program. */
  command: z.string().min(1),
  exit_code: z.number().int().nullable(),
  timed_out: z.boolean().default(false),
  stdout: z.string(),
  stderr: z.string(),
  /** A non-mutating check that runs before the runbook's first change. */
  check: z.boolean().default(false),
  params: z.record(z.string(), z.string()).default({}),
  expect: expectationSchema,
  /** Where the text comes from: `produced: ...` by bench/failures-produce.ts, or the URL of the quoted source. */
  source: z.string().min(8),
});
export type CorpusEntry = z.infer<typeof entrySchema> & { split: Split };
export type Split = 'dev' | 'holdout';

/**
 * Fixed before any rule was tuned: an FNV-1a hash of the id puts about a quarter of the entries in the
 * held-out split, so moving an entry between splits means renaming it (visible in review).
 */
export function splitOf(id: string): Split {
  let h = 0x811c9dc5;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h % 4 === 0 ? 'holdout' : 'dev';
}

/** Every *.jsonl file of the corpus directory, validated line by line (a bad line names file and line). */
export function loadCorpus(dir: string): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    readFileSync(join(dir, file), 'utf8').split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const parsed = entrySchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      if (seen.has(parsed.data.id)) throw new Error(`${file}:${i + 1}: duplicate id ${parsed.data.id}`);
      seen.add(parsed.data.id);
      out.push({ ...parsed.data, split: splitOf(parsed.data.id) });
    });
  }
  return out;
}

/** The runbook an entry is replayed against: a check before the change, or the change itself failing. */
export function corpusRunbookYaml(e: CorpusEntry, argv: string[], id = 'RB-CORPUS'): string {
  const params = Object.entries(e.params).map(([name, v]) => `  - name: ${name}\n    default: ${JSON.stringify(v)}\n`).join('');
  const act = `    run: ${JSON.stringify(argv)}\n`;
  const steps = e.check
    ? `  - id: check\n${act}  - id: apply\n    run: ["true"]\n    mutating: true\n`
    : `  - id: inspect\n    run: ["true"]\n  - id: apply\n${act}    mutating: true\n`;
  return `id: ${id}\nversion: 1\ntitle: corpus replay\n${params ? `params:\n${params}` : ''}steps:\n${steps}`;
}

const lastLine = (s: string) => s.trim().split('\n').slice(-1)[0]?.slice(0, 300) ?? '';

/** The failed run as the executor records it (same error wording as run-action.ts). */
export function corpusExecution(e: CorpusEntry, argv: string[], runbookId = 'RB-CORPUS'): ExecutionResult {
  const at = '2026-03-02T10:00:00.000Z';
  const base = {
    phase: 'step' as const, kind: 'run' as const, started_at: at, completed_at: at, duration_seconds: 1, signal: null, attempts: 1, skipped: false,
  };
  const ok: StepResult = { ...base, step_number: 1, step_id: e.check ? 'x' : 'inspect', action: 'inspect', command: 'true', mutating: false, exit_code: 0, timed_out: false, success: true, stdout: '', stderr: '' };
  const error = e.timed_out ? 'timed out after 300000 ms' : `exit code ${e.exit_code ?? 'none'}${lastLine(e.stderr) ? `: ${lastLine(e.stderr)}` : ''}`;
  const id = e.check ? 'check' : 'apply';
  const failing: StepResult = {
    ...base, step_number: e.check ? 1 : 2, step_id: id, action: id, command: argv.join(' '), mutating: !e.check, exit_code: e.timed_out ? null : e.exit_code,
    signal: e.timed_out ? 'SIGTERM' : null, timed_out: e.timed_out, success: false, stdout: e.stdout, stderr: e.stderr, error,
  };
  return {
    execution_id: 'exec-20260302-100000-0c0ffee1', runbook_id: runbookId, runbook_version: 1, incident_id: null, incident_type: null, client_id: null,
    evidence_bundle_id: null, hostname: 'runner-3.ops.example.net', platform: 'linux', pid: 4242, started_at: at, completed_at: at, duration_seconds: 1,
    status: 'failure', success: false, dry_run: false, params: e.params, verification_passed: null, verification_method: null, verification_checks: [],
    confidence: 0, state_before: {}, state_after: {}, state_diff: {}, plan: [], executed_steps: e.check ? [failing] : [ok, failing], rollback_steps: [],
    rolled_back: false, error_message: `step ${id} failed: ${error}`, error_step: failing.step_number, retry_count: 0, failure_type: null, tags: [],
  };
}
