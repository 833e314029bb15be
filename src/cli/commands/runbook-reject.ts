// `runbook reject <id> --reason <text>`: rejects a pending candidate and records why; exit 1 when it was
// already decided, 2 without a reason or for an unknown id.
import type { Command } from 'commander';
import { reject } from '../../learn/review-actions.js';
import { action } from '../boundary.js';
import { dbOption, openCommandStore } from './runbook-common.js';
import { decisionOutput, reviewerIdentity, reviewerOption } from './review-common.js';

export function register(program: Command): void {
  const cmd = program
    .command('reject')
    .description('Reject a candidate runbook version, with the reason')
    .argument('<id>', 'the candidate, e.g. RB-DB-POOL-001-v2')
    .requiredOption('--reason <text>', 'why it is rejected (kept with the version)')
    .option('--json', 'print the decided version as JSON')
    .addHelpText('after', '\nExit codes: 0 rejected, 1 already decided / lost to another reviewer, 2 unknown id or missing reason.');
  reviewerOption(dbOption(cmd)).action(
    action(async (id: string, flags: { reason: string; json?: boolean; reviewer?: string; db?: string }) => {
      const db = openCommandStore(flags.db);
      try {
        const v = reject(db, id, reviewerIdentity(flags.reviewer), flags.reason);
        decisionOutput(v, flags.json === true, `rejected ${id}: ${flags.reason}`);
      } finally {
        db.close();
      }
    }),
  );
}
