// `runbook list`: every runbook known to the database (active version, success rate) and every file
// under the runbooks directory not recorded yet.
import type { Command } from 'commander';
import { findRunbookFiles, runbooksDir } from '../../runbook/catalog.js';
import { loadRunbookFile, loadRunbookText } from '../../runbook/loader.js';
import { listRunbooks, successRates } from '../../store/index.js';
import { action } from '../boundary.js';
import { writeJson } from '../output.js';
import { dbOption } from '../options.js';
import { withCommandStore } from './with-store.js';

export interface ListedRunbook {
  id: string;
  title: string;
  version: number | null;
  status: string;
  source: 'db' | 'file';
  file: string | null;
  executions: number;
  success_rate: number | null;
  severity: string | null;
}

export function register(program: Command): void {
  const cmd = program
    .command('list')
    .description('list runbooks: recorded ones with their active version and success rate, and files not yet run')
    .option('--json', 'print the list as JSON')
    .option('--runbooks-dir <dir>', 'where runbook files live (env INCIDENT_COPILOT_RUNBOOKS)');
  dbOption(cmd).action(
    action(async (flags: { json?: boolean; db?: string; runbooksDir?: string }) => {
      const out: ListedRunbook[] = withCommandStore(flags, { readOnlyOk: true }, (db) => {
        const rates = successRates(db);
        return listRunbooks(db).map((v) => {
          const rb = loadRunbookText(v.yaml, v.runbook_id).runbook;
          const mine = rates.filter((r) => r.runbook_id === v.runbook_id && r.runbook_version === v.version);
          const total = mine.reduce((n, r) => n + r.total, 0);
          return {
            id: v.runbook_id, title: rb?.title ?? '(invalid YAML)', version: v.version, status: v.status, source: 'db',
            file: v.source_path, executions: total, success_rate: total ? mine.reduce((n, r) => n + r.successes, 0) / total : null,
            severity: rb?.severity ?? null,
          };
        });
      });
      const known = new Set(out.map((r) => r.id));
      for (const f of findRunbookFiles(runbooksDir(flags.runbooksDir))) {
        const rb = loadRunbookFile(f).runbook;
        if (!rb || known.has(rb.id)) continue;
        known.add(rb.id);
        out.push({ id: rb.id, title: rb.title, version: null, status: 'file', source: 'file', file: f, executions: 0, success_rate: null, severity: rb.severity ?? null });
      }
      out.sort((a, b) => a.id.localeCompare(b.id));
      if (flags.json) return writeJson(out);
      if (out.length === 0) process.stdout.write('no runbooks (put YAML files under runbooks/ or pass --runbooks-dir)\n');
      for (const r of out) {
        const rate = r.success_rate === null ? '-' : `${Math.round(r.success_rate * 100)}%`;
        process.stdout.write(`${r.id.padEnd(28)} ${(r.version ? `v${r.version}` : 'file').padEnd(5)} ${rate.padStart(5)} ${String(r.executions).padStart(6)} runs  ${r.title}\n`);
      }
    }),
  );
}
