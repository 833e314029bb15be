// `runbook reject <id> --reason <text>`: rejects a pending candidate and records why; exit 1 when it was
// already decided, 2 without a reason or for an unknown id.
import type { Command } from 'commander';
import { reject } from '../../learn/review-actions.js';
import { registerDecision } from './decision-command.js';

export function register(program: Command): void {
  registerDecision(program, {
    name: 'reject',
    description: 'reject a candidate runbook version, with the reason',
    text: { flag: 'reason', help: 'why it is rejected (kept with the version)' },
    exitCodes: '0 rejected, 1 already decided / lost to another reviewer, 2 unknown id or missing reason.',
    decide: reject,
    doneLine: (id, reason) => `rejected ${id}: ${reason}`,
  });
}
