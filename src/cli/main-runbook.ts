// The `runbook` program: lint, exec, list, show, history, import, export, and the review loop.
// Commands live one per file under commands/ and register themselves; the shared setup is in program.ts.
import { runProgram } from './program.js';

const EXAMPLES = [
  ['runbook lint runbooks/', 'check every runbook, file:line:column'],
  ['runbook list', 'runbooks with their active version and success rate'],
  ['runbook show RB-DB-POOL-001', 'versions, lineage and latest executions'],
  ['runbook exec RB-DB-POOL-001 --dry-run', 'the plan, nothing run'],
  ['runbook exec RB-DB-POOL-001 -p service=checkout', 'step by step, confirming each mutating step'],
  ['runbook exec RB-DB-POOL-001 --json --yes', 'for CI: one ExecutionResult on stdout'],
  ['runbook history --runbook RB-DB-POOL-001 --json', ''],
  ['runbook import RUNBOOK.md', 'Markdown scenarios to draft YAML runbooks'],
  ['runbook review', 'approve or reject improved versions (terminal UI)'],
  ['runbook queue --priority high --limit 5', 'what waits for review'],
  ['runbook approve RB-DB-POOL-001-v2 --notes "checked on staging"', ''],
  ['runbook changes RB-DB-POOL-001-v2 --notes "verify against the replica too"', ''],
  ['runbook reject RB-DB-POOL-001-v2 --reason "restarts the primary"', ''],
  ['runbook stats', 'learning-loop statistics'],
  ['runbook export RB-DB-POOL-001 > RB-DB-POOL-001.yaml', 'the active version as YAML'],
  ['runbook db migrate --from copilot.db --to postgres://ci@db:5432/incidents', 'share one history: copy a file into PostgreSQL'],
] as const;

const EXIT_CODES = `Exit codes: 0 success, 1 failed (a step, the verification, or a review conflict), 2 usage or validation error,
3 refused (a mutation without --yes, or aborted at a confirmation), 130 interrupted.`;

export async function main(argv: string[] = process.argv): Promise<void> {
  await runProgram(
    {
      name: 'runbook',
      description: 'Runbooks executed locally, step by step for a person or non-interactively for CI, every run recorded.',
      examples: EXAMPLES,
      exitCodes: EXIT_CODES,
      // Keep this list sorted.
      commands: Promise.all([
        import('./commands/review.js'),
        import('./commands/runbook-approve.js'),
        import('./commands/runbook-changes.js'),
        import('./commands/runbook-db.js'),
        import('./commands/runbook-exec.js'),
        import('./commands/runbook-export.js'),
        import('./commands/runbook-history.js'),
        import('./commands/runbook-import.js'),
        import('./commands/runbook-lint.js'),
        import('./commands/runbook-list.js'),
        import('./commands/runbook-queue.js'),
        import('./commands/runbook-reject.js'),
        import('./commands/runbook-show.js'),
        import('./commands/runbook-stats.js'),
      ]),
    },
    argv,
  );
}
