// `runbook db status` (engine, schema version, row counts) and `runbook db migrate --from FILE.db --to URL`
// (copies a SQLite store into the team store on PostgreSQL, idempotent, verified by counting keys).
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { isPostgresUrl } from '../../core/db-path.js';
import { EXIT, UsageError } from '../../core/errors.js';
import { copyStore, LATEST_VERSION, schemaVersion, tableCounts, type TableCopy } from '../../store/index.js';
import { action } from '../boundary.js';
import { openCommandStore } from '../compose-store.js';
import { dbOption } from '../options.js';
import { writeJson } from '../output.js';
import { withCommandStore } from './with-store.js';

export function register(program: Command): void {
  const db = program.command('db').description('the history store: status, and migrating a SQLite file into PostgreSQL');
  dbOption(
    db.command('status').description('engine, driver, schema version and row counts of the store').option('--json', 'print the status as JSON'),
  ).action(
    action(async (flags: { json?: boolean; db?: string; config?: string }) => {
      const status = withCommandStore(flags, {}, (store) => ({
        engine: store.engine,
        driver: store.driver,
        database: store.name,
        schema_version: schemaVersion(store),
        latest_schema_version: LATEST_VERSION,
        counts: tableCounts(store),
      }));
      if (flags.json) writeJson(status);
      else {
        const lines = [`${status.engine} (${status.driver}) ${status.database}`, `schema version ${status.schema_version} of ${status.latest_schema_version}`];
        for (const [t, n] of Object.entries(status.counts)) lines.push(`  ${t.padEnd(24)} ${n}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
    }),
  );
  db.command('migrate')
    .description('copy a SQLite store into PostgreSQL (idempotent: rows already there are skipped), then verify the counts')
    .requiredOption('--from <file>', 'the SQLite file to copy')
    .requiredOption('--to <url>', 'the PostgreSQL store, postgres://user:password@host:port/database')
    .option('--json', 'print the per-table counts as JSON')
    .action(
      action(async (flags: { from: string; to: string; json?: boolean }) => {
        if (!existsSync(flags.from)) throw new UsageError(`--from ${flags.from}: no such file`, 'pass the SQLite history file (see `runbook db status`)');
        if (!isPostgresUrl(flags.to)) throw new UsageError(`--to must be a postgres:// URL`, 'for example --to postgres://ci@db.internal:5432/incidents');
        const from = openCommandStore(flags.from);
        let tables: TableCopy[];
        try {
          const to = openCommandStore(flags.to);
          try {
            tables = copyStore(from, to, (c) => process.stderr.write(`runbook db migrate: ${c.table}: ${c.copied} copied, ${c.present} already there\n`));
          } finally {
            to.close();
          }
        } finally {
          from.close();
        }
        const missing = tables.reduce((n, t) => n + t.missing, 0);
        if (flags.json) writeJson({ from: flags.from, tables, verified: missing === 0 });
        else {
          for (const t of tables) process.stdout.write(`${t.table.padEnd(24)} ${String(t.source).padStart(8)} in source, ${String(t.copied).padStart(8)} copied, ${String(t.present).padStart(8)} already there${t.missing ? `, ${t.missing} MISSING` : ''}\n`);
          process.stdout.write(missing === 0 ? 'verified: every source row is in the target\n' : `NOT verified: ${missing} source rows are missing from the target\n`);
        }
        return missing === 0 ? EXIT.ok : EXIT.failure;
      }),
    );
}
