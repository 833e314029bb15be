// `rca show <id> [--format text|markdown|json] [--json] [--db file]`: renders a stored investigation's
// report again, exactly as `rca` printed it (same renderers, same contract).
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
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
  const [{ dbPathFor, openHistoryStore }, { getInvestigation }, { reportFormat, writeReport }] = await Promise.all([
    import('../compose.js'),
    import('../../store/index.js'),
    import('../report-format.js'),
  ]);
  const format = reportFormat(flags);
  const path = dbPathFor(flags);
  const db = openHistoryStore(path);
  if (!db) throw new UsageError(`no investigation ${id}: the history ${path} does not exist yet`, 'run rca "<what is wrong>" first, or pass --db');
  let inv;
  try {
    inv = getInvestigation(db, id);
  } finally {
    db.close();
  }
  if (!inv) throw new UsageError(`no investigation ${id} in ${path}`, 'see `rca history` for the ids');
  const { audienceFlag, writeAudienceSummary } = await import('../audience-output.js');
  const audience = audienceFlag(flags.audience);
  if (audience) await writeAudienceSummary(inv.report, audience, { json: format === 'json', provider: null });
  else await writeReport(inv.report, format);
  return 0;
}
