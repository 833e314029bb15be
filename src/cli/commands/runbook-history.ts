// `runbook history`: recorded executions, newest first, optionally of one runbook; indexed so it stays
// fast with a million rows.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { listExecutions } from '../../store/index.js';
import { action } from '../boundary.js';
import { writeJson } from '../output.js';
import { dbOption } from '../options.js';
import { openStoreFor } from './with-store.js';

export function register(program: Command): void {
  const cmd = program
    .command('history')
    .description('list recorded runbook executions, newest first')
    .option('--runbook <id>', 'only this runbook')
    .option('--limit <n>', 'how many rows', '50')
    .option('--json', 'print as JSON');
  dbOption(cmd).action(
    action(async (flags: { runbook?: string; limit: string; json?: boolean; db?: string }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError(`--limit ${flags.limit} is not a whole number from 1 to 100000`);
      const db = openStoreFor(flags, { readOnlyOk: true });
      try {
        const rows = listExecutions(db, { runbookId: flags.runbook, limit });
        if (flags.json) return writeJson(rows);
        if (rows.length === 0) process.stdout.write('no executions recorded\n');
        for (const e of rows) {
          const secs = e.duration_ms === null ? '' : `${(e.duration_ms / 1000).toFixed(1)}s`;
          process.stdout.write(`${e.started_at}  ${e.runbook_id} v${e.runbook_version}  ${e.status.padEnd(11)} ${secs.padStart(7)}  ${e.execution_id}${e.error_message ? `  ${e.error_message}` : ''}\n`);
        }
      } finally {
        db.close();
      }
    }),
  );
}
