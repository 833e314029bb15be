// `runbook import FILE.md`: turns a Markdown runbook (scenarios with Symptoms, Diagnosis, Mitigation and
// Verification) into draft YAML runbooks, one per scenario, each linted before it is written.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { draftFromScenario } from '../../runbook/import-draft.js';
import { parseMarkdownRunbook } from '../../runbook/import-md.js';
import { formatProblem, loadRunbookText } from '../../runbook/loader.js';
import { action } from '../boundary.js';
import { writeJson } from '../output.js';

interface ImportFlags {
  out: string;
  prefix: string;
  force?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('import')
    .description('turn a Markdown runbook into draft YAML runbooks, one per scenario (mutating steps marked)')
    .argument('<file>', 'Markdown file with scenarios (Symptoms / Diagnosis / Mitigation / Verification and bash blocks)')
    .option('--out <dir>', 'where to write the drafts', 'runbooks/imported')
    .option('--prefix <id>', 'runbook id prefix', 'RB-IMP')
    .option('--force', 'overwrite existing draft files')
    .option('--json', 'print [{id, file, mutating, problems}] as JSON')
    .action(
      action(async (file: string, flags: ImportFlags) => {
        let md: string;
        try {
          md = readFileSync(file, 'utf8');
        } catch (err) {
          throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
        if (!/^RB-[A-Z0-9-]*$/i.test(flags.prefix)) throw new UsageError(`--prefix ${flags.prefix}: use letters, digits and -, starting with RB-`);
        const scenarios = parseMarkdownRunbook(md);
        if (scenarios.length === 0) {
          throw new UsageError(`no scenarios in ${file}`, 'a scenario is a heading with Diagnosis or Mitigation parts holding bash blocks');
        }
        const out = resolve(flags.out);
        mkdirSync(out, { recursive: true });
        const report: Array<{ id: string; file: string | null; mutating: string[]; problems: string[] }> = [];
        for (const sc of scenarios) {
          const d = draftFromScenario(sc, basename(file), flags.prefix.toUpperCase());
          const target = join(out, d.file);
          const problems = loadRunbookText(d.yaml, target).problems.map(formatProblem);
          if (problems.length === 0) {
            if (existsSync(target) && !flags.force) problems.push(`${target} exists (pass --force to overwrite)`);
            else writeFileSync(target, d.yaml);
          }
          report.push({ id: d.id, file: problems.length ? null : target, mutating: d.mutating, problems });
        }
        if (flags.json) writeJson(report);
        else {
          for (const r of report) {
            if (r.file) process.stdout.write(`${r.id}: ${r.file} (${r.mutating.length} mutating step(s)${r.mutating.length ? `: ${r.mutating.join(', ')}` : ''})\n`);
            else process.stdout.write(`${r.id}: NOT written\n${r.problems.map((p) => `  ${p}`).join('\n')}\n`);
          }
        }
        return report.some((r) => r.problems.length) ? EXIT.failure : EXIT.ok;
      }),
    );
}
