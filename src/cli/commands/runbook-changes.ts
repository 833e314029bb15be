// `runbook changes <id> --notes <text>`: sends a pending candidate back with what needs to change; it stays
// in the queue (after the pending ones) until edited, approved or rejected.
import type { Command } from 'commander';
import { requestChanges } from '../../learn/review-actions.js';
import { registerDecision } from './decision-command.js';

export function register(program: Command): void {
  registerDecision(program, {
    name: 'changes',
    description: 'ask for changes to a candidate runbook version, with notes',
    text: { flag: 'notes', help: 'what needs to change' },
    exitCodes: '0 sent back, 1 already decided / lost to another reviewer, 2 unknown id or missing notes.',
    decide: requestChanges,
    doneLine: (id, notes) => `${id} sent back for changes: ${notes}`,
  });
}
