// `rca show <id> [--format text|markdown|json] [--json] [--db file]`: renders a stored investigation's
// report again, exactly as `rca` printed it (same renderers, same contract).
import type { Command } from 'commander';
import { action } from '../boundary.js';
import { dbOption } from '../options.js';

interface ShowFlags {
  audience?: string;
  format?: string;
  json?: boolean;
  db?: string;
  config?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('show')
    .description('render a stored investigation again')
    .argument('<id>', 'an investigation id from `rca history`')
    .option('--format <format>', 'text, markdown or json (default text)')
    .option('--json', 'same as --format json')
    .option('--audience <who>', 'exec or customer: a plain-words summary instead of the report (no model: code wording)')
    .option('--config <file>', 'config file naming the history db (default ./rca.config.yaml)');
  dbOption(cmd).action(action((id: string, flags: ShowFlags) => runShow(id, flags)));
}

async function runShow(id: string, flags: ShowFlags): Promise<number> {
  const [{ readStoredInvestigation }, { reportFormat, writeReport }] = await Promise.all([
    import('../compose-store.js'),
    import('../report-format.js'),
  ]);
  const format = reportFormat(flags);
  const inv = readStoredInvestigation(id, flags);
  const { audienceFlag, writeAudienceSummary } = await import('../audience-output.js');
  const audience = audienceFlag(flags.audience);
  if (audience) await writeAudienceSummary(inv.report, audience, { json: format === 'json', provider: null });
  else await writeReport(inv.report, format);
  return 0;
}
