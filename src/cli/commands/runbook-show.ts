// `runbook show <id>`: a runbook's versions with their lineage and review status, the success rate of
// each version, and its latest executions.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { listExecutions, listVersions, parseVersionLabel, successRates, versionLabel } from '../../store/index.js';
import { action } from '../boundary.js';
import { writeJson } from '../output.js';
import { dbOption } from '../options.js';
import { withCommandStore } from './with-store.js';

export function register(program: Command): void {
  const cmd = program
    .command('show')
    .description('show a runbook: versions, lineage, success rate per version, latest executions')
    .argument('<id>', 'runbook id')
    .option('--json', 'print as JSON');
  dbOption(cmd).action(
    action(async (id: string, flags: { json?: boolean; db?: string }) => {
      withCommandStore(flags, { readOnlyOk: true }, (db) => {
        let versions = listVersions(db, id);
        if (versions.length === 0) versions = listVersions(db, parseVersionLabel(id).runbookId);
        if (versions.length === 0) throw new UsageError(`no runbook ${id} in the database`, 'run it once (runbook exec) or see `runbook list`');
        const runbookId = versions[0].runbook_id;
        const rates = successRates(db, runbookId);
        const recent = listExecutions(db, { runbookId, limit: 10 });
        const data = {
          runbook_id: runbookId,
          versions: versions.map((v) => ({
            label: versionLabel(runbookId, v.version), version: v.version, status: v.status, parent_version: v.parent_version,
            failed_execution_id: v.failed_execution_id, failure_type: v.failure_type, generated_by: v.generated_by, model: v.model,
            priority: v.priority, reviewer: v.reviewer, notes: v.notes, source_path: v.source_path, created_at: v.created_at,
            reviewed_at: v.reviewed_at, ...(rates.find((r) => r.runbook_version === v.version) ?? { total: 0, successes: 0, failures: 0, success_rate: null }),
          })),
          recent_executions: recent,
        };
        if (flags.json) return writeJson({ ...data, versions: data.versions.map((v) => ({ ...v, runbook_id: undefined, runbook_version: undefined })) });
        process.stdout.write(`${runbookId}\n`);
        for (const v of data.versions) {
          const rate = v.success_rate === null ? 'no runs' : `${Math.round(v.success_rate * 100)}% of ${v.total}`;
          const lineage = v.parent_version ? ` from v${v.parent_version}${v.failure_type ? ` after ${v.failure_type}` : ''}${v.failed_execution_id ? ` (${v.failed_execution_id})` : ''}` : '';
          process.stdout.write(`  v${v.version} ${v.status.padEnd(14)} ${rate.padEnd(14)} by ${v.generated_by}${v.model ? `/${v.model}` : ''}${lineage}${v.reviewer ? `, reviewed by ${v.reviewer}` : ''}\n`);
        }
        if (recent.length) process.stdout.write('latest executions:\n');
        for (const e of recent) process.stdout.write(`  ${e.started_at}  v${e.runbook_version}  ${e.status.padEnd(11)} ${e.execution_id}${e.error_message ? `  ${e.error_message}` : ''}\n`);
      });
    }),
  );
}
