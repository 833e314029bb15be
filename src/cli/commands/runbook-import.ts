// `runbook import FILE.md`: turns a Markdown runbook (scenarios with Symptoms, Diagnosis, Mitigation and
// Verification) into draft YAML runbooks, one per scenario, linted, written, and queued for a person's review.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { draftFromScenario } from '../../runbook/import-draft.js';
import { parseMarkdownRunbook } from '../../runbook/import-md.js';
import { formatProblem, loadRunbookText } from '../../runbook/loader.js';
import { versionLabel, versionSource } from '../../store/index.js';
import { action } from '../boundary.js';
import { writeJson } from '../output.js';
import { dbOption } from '../options.js';
import { withCommandStore } from './with-store.js';

interface ImportFlags {
  out: string;
  prefix: string;
  force?: boolean;
  json?: boolean;
  db?: string;
}

interface Imported {
  id: string;
  file: string | null;
  /** The version waiting for review (RB-X-vN), or null when nothing was written. */
  review: string | null;
  mutating: string[];
  notes: string[];
  problems: string[];
}

export function register(program: Command): void {
  const cmd = program
    .command('import')
    .description('turn a Markdown runbook into draft YAML runbooks, one per scenario (mutating steps marked)')
    .argument('<file>', 'Markdown file with scenarios (Symptoms / Diagnosis / Mitigation / Verification and bash blocks)')
    .option('--out <dir>', 'where to write the drafts', 'runbooks/imported')
    .option('--prefix <id>', 'runbook id prefix', 'RB-IMP')
    .option('--force', 'overwrite existing draft files')
    .option('--json', 'print [{id, file, review, mutating, notes, problems}] as JSON')
    .addHelpText('after', '\nThe drafts go live only once a person approves them (runbook review / runbook approve ID-vN); until then\n`runbook exec` runs them only with --candidate.');
  dbOption(cmd).action(
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
        const report: Imported[] = withCommandStore(flags, {}, (db) =>
          scenarios.map((sc) => {
            const d = draftFromScenario(sc, basename(file), flags.prefix.toUpperCase());
            const target = join(out, d.file);
            const problems = loadRunbookText(d.yaml, target).problems.map(formatProblem);
            if (problems.length === 0) {
              if (existsSync(target) && !flags.force) problems.push(`${target} exists (pass --force to overwrite)`);
              else writeFileSync(target, d.yaml);
            }
            // Written is not live: the draft waits in the review queue as a pending version.
            const v = problems.length ? null : versionSource(db).recordFile(d.id, d.yaml, target, { draft: true });
            return { id: d.id, file: problems.length ? null : target, review: v && versionLabel(v.runbook_id, v.version), mutating: d.mutating, notes: d.notes, problems };
          }),
        );
        if (flags.json) writeJson(report);
        else {
          for (const r of report) {
            if (r.file) {
              process.stdout.write(`${r.id}: ${r.file} (${r.mutating.length} mutating step(s)${r.mutating.length ? `: ${r.mutating.join(', ')}` : ''}); draft ${r.review} waits for review\n`);
              for (const n of r.notes) process.stdout.write(`  note: ${n}\n`);
            } else process.stdout.write(`${r.id}: NOT written\n${r.problems.map((p) => `  ${p}`).join('\n')}\n`);
          }
          if (report.some((r) => r.file)) process.stderr.write('drafts are not live: review them with `runbook review` (or `runbook approve ID-vN`); `runbook exec ID-vN --candidate` runs one before that\n');
        }
        return report.some((r) => r.problems.length) ? EXIT.failure : EXIT.ok;
      }),
    );
}
