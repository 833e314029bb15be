// `runbook approve <id>`: makes a pending candidate (X-v2) the active version and deprecates the one
// before it; exit 1 when it was already decided (approved, rejected) or lost a race with another reviewer.
import type { Command } from 'commander';
import { approve } from '../../learn/review-actions.js';
import { action } from '../boundary.js';
import { dbOption } from '../options.js';
import { openStoreFor } from './with-store.js';
import { decisionOutput, reviewerIdentity, reviewerOption } from './review-common.js';

export function register(program: Command): void {
  const cmd = program
    .command('approve')
    .description('approve a candidate runbook version: it becomes active, its predecessor deprecated')
    .argument('<id>', 'the candidate, e.g. RB-DB-POOL-001-v2 (see runbook review --list)')
    .option('--notes <text>', 'review notes kept with the version')
    .option('--json', 'print the decided version as JSON')
    .addHelpText('after', '\nExit codes: 0 approved, 1 already decided / lost to another reviewer / does not lint, 2 unknown id or bad usage.');
  reviewerOption(dbOption(cmd)).action(
    action(async (id: string, flags: { notes?: string; json?: boolean; reviewer?: string; db?: string }) => {
      const db = openStoreFor(flags);
      try {
        const v = approve(db, id, reviewerIdentity(flags.reviewer), flags.notes ?? null);
        decisionOutput(v, flags.json === true, `approved ${id}: now the active version of ${v.runbook_id}${v.parent_version ? `; v${v.parent_version} deprecated` : ''}`);
      } finally {
        db.close();
      }
    }),
  );
}
