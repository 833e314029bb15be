// `runbook changes <id> --notes <text>`: sends a pending candidate back with what needs to change; it stays
// in the queue (after the pending ones) until edited, approved or rejected.
import type { Command } from 'commander';
import { requestChanges } from '../../learn/review-actions.js';
import { action } from '../boundary.js';
import { dbOption, openCommandStore } from './runbook-common.js';
import { decisionOutput, reviewerIdentity, reviewerOption } from './review-common.js';

export function register(program: Command): void {
  const cmd = program
    .command('changes')
    .description('Ask for changes to a candidate runbook version, with notes')
    .argument('<id>', 'the candidate, e.g. RB-DB-POOL-001-v2')
    .requiredOption('--notes <text>', 'what needs to change')
    .option('--json', 'print the decided version as JSON')
    .addHelpText('after', '\nExit codes: 0 sent back, 1 already decided / lost to another reviewer, 2 unknown id or missing notes.');
  reviewerOption(dbOption(cmd)).action(
    action(async (id: string, flags: { notes: string; json?: boolean; reviewer?: string; db?: string }) => {
      const db = openCommandStore(flags.db);
      try {
        const v = requestChanges(db, id, reviewerIdentity(flags.reviewer), flags.notes);
        decisionOutput(v, flags.json === true, `${id} sent back for changes: ${flags.notes}`);
      } finally {
        db.close();
      }
    }),
  );
}
