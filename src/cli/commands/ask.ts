// `rca ask <id> "<question>"`: a follow-up question about a stored investigation, answered from its stored
// evidence (why something was ruled out, a hypothesis's evidence, the timeline at a time); says when a model is needed.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { action } from '../boundary.js';
import { dbOption } from '../options.js';

interface AskFlags {
  json?: boolean;
  db?: string;
  config?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('ask')
    .description('ask a follow-up question about a stored investigation (answered from its stored evidence)')
    .argument('<id>', 'an investigation id from `rca history`')
    .argument('<question...>', 'the question, e.g. "why not v2.4.0?"')
    .option('--json', 'the answer as JSON: {id, question, kind, lines}')
    .option('--config <file>', 'config file naming the history db (default ./rca.config.yaml)')
    .addHelpText('after', '\nExit codes: 0 answered (or told what would need a model), 2 unknown id or no question.');
  dbOption(cmd).action(action((id: string, question: string[], flags: AskFlags) => runAsk(id, question.join(' '), flags)));
}

async function runAsk(id: string, question: string, flags: AskFlags): Promise<number> {
  if (!question.trim()) throw new UsageError('ask a question: rca ask ID "why not v2.4.0?"');
  const [{ readStoredInvestigation }, { answerFromReport }, { redactValue }] = await Promise.all([
    import('../compose.js'),
    import('../../rca/answer.js'),
    import('../../core/redact.js'),
  ]);
  const inv = readStoredInvestigation(id, flags);
  const answer = redactValue(answerFromReport(inv.report, question));
  process.stdout.write(flags.json ? `${JSON.stringify({ id, question, ...answer })}\n` : `${answer.lines.join('\n')}\n`);
  return 0;
}
