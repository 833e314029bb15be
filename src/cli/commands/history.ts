// `rca history [--json] [--limit n] [--db file]`: the stored investigations, newest first, with the
// root cause each one found; `rca show <id>` renders one again.
import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import type { InvestigationSummary } from '../../store/index.js';
import { action } from '../boundary.js';
import { dbOption } from '../options.js';

interface HistoryFlags {
  json?: boolean;
  limit?: string;
  db?: string;
  config?: string;
}

const limitSchema = z.coerce.number().int().min(1).max(10_000);

export function register(program: Command): void {
  const cmd = program
    .command('history')
    .description('list stored investigations, newest first')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--config <file>', 'config file naming the history db (default ./rca.config.yaml)');
  dbOption(cmd).action(action((flags: HistoryFlags) => runHistory(flags)));
}

async function runHistory(flags: HistoryFlags): Promise<number> {
  const limit = limitSchema.safeParse(flags.limit ?? 50);
  if (!limit.success) throw new UsageError(`--limit ${flags.limit}: give a whole number from 1 to 10000`);
  const [{ dbPathFor }, { openHistoryStore }, { listInvestigations }, out] = await Promise.all([
    import('../compose.js'),
    import('../compose-store.js'),
    import('../../store/index.js'),
    import('../output.js'),
  ]);
  const db = openHistoryStore(dbPathFor(flags));
  let rows: InvestigationSummary[] = [];
  try {
    rows = db ? listInvestigations(db, { limit: limit.data }) : [];
  } finally {
    db?.close();
  }
  if (flags.json) {
    out.writeJson(rows);
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write('no investigations yet: run rca "<what is wrong>"\n');
    return 0;
  }
  const c = out.colorFor(process.stdout);
  process.stdout.write(
    out.renderTable(
      ['ID', 'CREATED', 'CATEGORY', 'SERVICE', 'CONF', 'INCIDENT / ROOT CAUSE'],
      rows.map((r) => [
        c.bold(r.id),
        r.created_at.replace(/\.\d+Z$/, 'Z'),
        r.category ?? '-',
        r.service ?? '-',
        r.confidence === null ? '-' : `${Math.round(r.confidence * 100)}%`,
        `${out.firstLine(r.incident, 40)}${r.summary ? c.dim(` -> ${out.firstLine(r.summary, 70)}`) : ''}`,
      ]),
      { headerStyle: c.dim },
    ),
  );
  return 0;
}
