// `rca ask <id> "<question>"`: a follow-up question about a stored investigation. With a model, the model answers
// with the stored evidence and the same read-only tools, citing what it rests on; without one, the stored evidence answers.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { action } from '../boundary.js';
import { dbOption } from '../options.js';

interface AskFlags {
  json?: boolean;
  db?: string;
  config?: string;
  model?: string;
  offline?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('ask')
    .description('ask a follow-up question about a stored investigation (a model with the read-only tools, or the stored evidence)')
    .argument('<id>', 'an investigation id from `rca history`')
    .argument('<question...>', 'the question, e.g. "why not v2.4.0?"')
    .option('--model <name>', 'the model that answers: an Ollama name or openai:<name> (default: model.name in the config, OLLAMA_MODEL)')
    .option('--offline', 'answer from the stored evidence only, even when a model is configured')
    .option('--json', 'the answer as JSON: {id, question, kind, answer, citations, model, asked_at, lines, ...}')
    .option('-q, --quiet', 'no progress and no notices on stderr')
    .option('--config <file>', 'config file naming the history db and the model (default ./rca.config.yaml)')
    .addHelpText('after', '\nThe exchange is kept with the investigation (rca show ID lists it).\nExit codes: 0 answered (or told what would need a model), 2 unknown id or no question.');
  dbOption(cmd).action(action((id: string, question: string[], flags: AskFlags) => runAsk(id, question.join(' '), flags)));
}

async function runAsk(id: string, question: string, flags: AskFlags): Promise<number> {
  if (!question.trim()) throw new UsageError('ask a question: rca ask ID "why not v2.4.0?"');
  const [compose, { readStoredInvestigation }, { followUpSession }, { followUpLines }, { redactValue }, { plainProgress }] = await Promise.all([
    import('../compose.js'),
    import('../compose-store.js'),
    import('../../investigation/follow-up.js'),
    import('../../core/follow-up.js'),
    import('../../core/redact.js'),
    import('../progress.js'),
  ]);
  const inv = readStoredInvestigation(id, flags);
  const { deps, config } = await compose.followUpDeps(inv, flags);
  const sink = flags.quiet ? () => {} : plainProgress(process.stderr);
  const session = followUpSession(deps, { id: inv.id, report: inv.report }, { limits: config.limits, modelTools: config.model.tools }, sink);
  let answer;
  try {
    answer = redactValue(await session.ask(question.trim()));
  } finally {
    await session.close();
  }
  const lines = followUpLines(answer);
  process.stdout.write(flags.json ? `${JSON.stringify({ id, ...answer, lines })}\n` : `${lines.join('\n')}\n`);
  return 0;
}
