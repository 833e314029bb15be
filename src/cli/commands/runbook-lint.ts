// `runbook lint [files...]`: validates runbook YAML (syntax, schema, semantic rules) and prints every
// problem as file:line:column; exits 1 on any problem so CI can gate on it.
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { findRunbookFiles, runbooksDir } from '../../runbook/catalog.js';
import { formatProblem, loadRunbookFile } from '../../runbook/loader.js';
import { action } from '../boundary.js';
import { writeJson } from '../output.js';
import { statSync } from 'node:fs';

export function register(program: Command): void {
  program
    .command('lint')
    .description('check runbook files; problems are printed as file:line:column: message')
    .argument('[files...]', 'YAML files or directories (default the runbooks directory)')
    .option('--json', 'print [{file, ok, problems}] as JSON')
    .option('--runbooks-dir <dir>', 'default directory to lint (env INCIDENT_COPILOT_RUNBOOKS)')
    .action(
      action(async (files: string[], flags: { json?: boolean; runbooksDir?: string }) => {
        const targets = (files.length ? files : [runbooksDir(flags.runbooksDir)]).flatMap((f) => {
          try {
            return statSync(f).isDirectory() ? findRunbookFiles(f) : [f];
          } catch {
            return [f];
          }
        });
        if (targets.length === 0) throw new UsageError('no runbook files to lint', 'pass files or a directory holding *.yaml');
        const results = targets.map((f) => loadRunbookFile(f));
        const bad = results.filter((r) => r.problems.length > 0);
        if (flags.json) {
          writeJson(results.map((r) => ({ file: r.file, ok: r.problems.length === 0, id: r.runbook?.id ?? null, problems: r.problems })));
        } else {
          for (const r of results) for (const p of r.problems) process.stdout.write(`${formatProblem(p)}\n`);
          const count = bad.reduce((n, r) => n + r.problems.length, 0);
          process.stderr.write(bad.length ? `${count} problem(s) in ${bad.length} of ${results.length} file(s)\n` : `${results.length} file(s) ok\n`);
        }
        return bad.length ? EXIT.failure : EXIT.ok;
      }),
    );
}
