// `rca show <id> [--format text|markdown|json] [--json] [--db file]`: renders a stored investigation's
// report again, exactly as `rca` printed it (same renderers, same contract).
import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { action } from '../boundary.js';

interface ShowFlags {
  format?: string;
  json?: boolean;
  db?: string;
}

const formatSchema = z.enum(['text', 'markdown', 'json']);

export function register(program: Command): void {
  program
    .command('show')
    .description('render a stored investigation again')
    .argument('<id>', 'an investigation id from `rca history`')
    .option('--format <format>', 'text, markdown or json (default text)')
    .option('--json', 'same as --format json')
    .option('--db <file>', 'SQLite history file (env INCIDENT_COPILOT_DB; default $XDG_DATA_HOME/incident-copilot/copilot.db)')
    .action(action((id: string, flags: ShowFlags) => runShow(id, flags)));
}

async function runShow(id: string, flags: ShowFlags): Promise<number> {
  const format = formatSchema.safeParse(flags.json ? 'json' : (flags.format ?? 'text'));
  if (!format.success) throw new UsageError(`--format ${flags.format}: use text, markdown or json`);
  const [{ openHistoryStore }, { getInvestigation }, rca] = await Promise.all([
    import('../compose-rca.js'),
    import('../../store/index.js'),
    import('../../rca/index.js'),
  ]);
  const { db, path } = await openHistoryStore(flags.db);
  if (!db) throw new UsageError(`no investigation ${id}: the history ${path} does not exist yet`, 'run rca "<what is wrong>" first, or pass --db');
  let inv;
  try {
    inv = getInvestigation(db, id);
  } finally {
    db.close();
  }
  if (!inv) throw new UsageError(`no investigation ${id} in ${path}`, 'see `rca history` for the ids');
  if (format.data === 'json') process.stdout.write(rca.renderJson(inv.report));
  else if (format.data === 'markdown') process.stdout.write(rca.renderMarkdown(inv.report));
  else {
    const { useColor } = await import('../output.js');
    process.stdout.write(rca.renderText(inv.report, { color: useColor(process.stdout) }));
  }
  return 0;
}
