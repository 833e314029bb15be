// How a review decision that needs words is registered (`runbook reject --reason`, `runbook changes --notes`):
// the candidate id, the required text, --json, --reviewer and --db; prints the decided version or one line.
import type { Command } from 'commander';
import type { Db, RunbookVersion } from '../../store/index.js';
import { action } from '../boundary.js';
import { dbOption } from '../options.js';
import { decisionOutput, reviewerIdentity, reviewerOption } from './review-common.js';
import { withCommandStore } from './with-store.js';

export interface DecisionCommand {
  name: string;
  description: string;
  /** The required text option, e.g. { flag: 'reason', help: … } for --reason <text>. */
  text: { flag: string; help: string };
  /** Appended to the help after "Exit codes: ". */
  exitCodes: string;
  decide(db: Db, id: string, reviewer: string, text: string): RunbookVersion;
  /** What is printed without --json. */
  doneLine(id: string, text: string): string;
}

type Flags = { json?: boolean; reviewer?: string; db?: string } & Record<string, unknown>;

export function registerDecision(program: Command, d: DecisionCommand): void {
  const cmd = program
    .command(d.name)
    .description(d.description)
    .argument('<id>', 'the candidate, e.g. RB-DB-POOL-001-v2')
    .requiredOption(`--${d.text.flag} <text>`, d.text.help)
    .option('--json', 'print the decided version as JSON')
    .addHelpText('after', `\nExit codes: ${d.exitCodes}`);
  reviewerOption(dbOption(cmd)).action(
    action(async (id: string, flags: Flags) => {
      const text = String(flags[d.text.flag]);
      withCommandStore(flags, {}, (db) => {
        const v = d.decide(db, id, reviewerIdentity(flags.reviewer), text);
        decisionOutput(v, flags.json === true, d.doneLine(id, text));
      });
    }),
  );
}
