// Plain-text output of `runbook exec` for pipes and CI logs: progress lines on stderr as steps run,
// and a short summary on stdout at the end; no colour, no cursor movement.
import type { ExecEvent } from '../../runbook/executor.js';
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

export function summaryText(r: ExecutionResult): string {
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
  if (r.status === 'refused') lines.push('hint: rerun with --yes to allow mutating steps, or run it on a terminal to confirm each one');
  return `${lines.join('\n')}\n`;
}
