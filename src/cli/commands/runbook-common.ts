// Shared by the runbook commands (not a command itself): the exit code each execution status maps to,
// the one place `runbook` decides it (documented in `runbook --help` and the README).
import { EXIT } from '../../core/errors.js';
import type { ExecutionStatus } from '../../runbook/execution-result.js';

export function exitCodeFor(status: ExecutionStatus): number {
  switch (status) {
    case 'success':
    case 'partial':
    case 'dry_run':
      return EXIT.ok;
    case 'refused':
      return EXIT.refused;
    case 'interrupted':
      return EXIT.interrupted;
    default:
      return EXIT.failure;
  }
}
