// Plain-text output of `runbook exec` for pipes and CI logs: progress lines on stderr as steps run,
// and a short summary on stdout at the end; no colour, no cursor movement.
import { SKIPPED_BY_PERSON, type ExecEvent } from '../../runbook/executor.js';
import type { ExecutionResult } from '../../runbook/execution-result.js';

export function plainProgress(out: NodeJS.WritableStream): (e: ExecEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'start':
        out.write(`runbook ${e.result.runbook_id} v${e.result.runbook_version}: execution ${e.result.execution_id}\n`);
        break;
      case 'step_start':
        out.write(`[${e.stepNumber}] ${e.phase === 'rollback' ? 'rollback ' : ''}${e.step.id}${e.step.mutating ? ' (mutating)' : ''} ...\n`);
        break;
      case 'attempt':
        if (!e.outcome.ok) out.write(`    attempt ${e.attempt} failed: ${e.outcome.error ?? 'error'}\n`);
        break;
      case 'step_end':
        out.write(`[${e.step.step_number}] ${e.step.step_id}: ${e.step.success ? 'ok' : 'FAILED'} in ${e.step.duration_seconds.toFixed(2)} s${e.step.error ? ` (${e.step.error})` : ''}\n`);
        break;
      case 'verify':
        for (const c of e.round) out.write(`verify ${c.name}: ${c.passed ? 'ok' : c.detail}\n`);
        break;
      default:
        break;
    }
  };
}

/** `asked`: a person was at the terminal answering the confirmations, so advice about --yes does not fit. */
export function summaryText(r: ExecutionResult, opts: { asked?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`${r.runbook_id} v${r.runbook_version} (${r.execution_id}): ${r.status.toUpperCase()} in ${r.duration_seconds.toFixed(2)} s`);
  if (r.status === 'dry_run') {
    lines.push('plan (dry run, nothing ran):');
    for (const p of r.plan) {
      lines.push(`  ${p.will_run ? '-' : 'x'} ${p.step_id}${p.mutating ? ' [mutating]' : ''}${p.command ? `: ${p.command}` : ''}${p.reason ? `  (${p.reason})` : ''}`);
    }
  }
  for (const s of [...r.executed_steps, ...r.rollback_steps]) {
    const mark = s.skipped ? 'skip' : s.success ? ' ok ' : 'FAIL';
    lines.push(`  [${mark}] ${s.phase === 'rollback' ? 'rollback ' : ''}${s.step_id}${s.skipped ? ` (${s.skip_reason})` : ''}${s.error ? `: ${s.error}` : ''}`);
  }
  if (r.verification_passed !== null) lines.push(`verification: ${r.verification_passed ? 'passed' : 'FAILED'} (${r.verification_method})`);
  const diff = Object.entries(r.state_diff).filter(([, v]) => v !== 'no_change');
  if (diff.length) lines.push(`state: ${diff.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (r.error_message) lines.push(`error: ${r.error_message}`);
  lines.push(...hints(r, opts.asked === true));
  return `${lines.join('\n')}\n`;
}

function hints(r: ExecutionResult, asked: boolean): string[] {
  const skipped = r.executed_steps.filter((s) => s.skip_reason === SKIPPED_BY_PERSON).map((s) => s.step_id);
  const out: string[] = [];
  if (skipped.length) out.push(`note: you skipped ${skipped.join(', ')}; the fix is not complete until ${skipped.length === 1 ? 'it runs' : 'they run'}`);
  if (r.status !== 'refused') return out;
  if (!asked) return [...out, 'hint: rerun with --yes to allow mutating steps, or run it on a terminal to confirm each one'];
  const undone = r.rollback_steps.filter((s) => !s.skipped && s.success).length;
  const what = r.rolled_back ? `; ${undone} rollback step(s) undid what had changed` : '';
  return [...out, `you stopped the run before ${r.plan[(r.error_step ?? 0) - 1]?.step_id ?? 'a step'}${what}. Run \`runbook exec ${r.runbook_id}\` again when you are ready (--dry-run shows the plan).`];
}

