// Helpers shared by the runbook commands (not a command itself): the --db option, opening the store
// with interrupted-run cleanup, and the exit code each execution status maps to.
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import { markInterrupted, openStore, resolveDbPath, StoreError, type Db } from '../../store/index.js';
import { type ExecutionStatus } from '../../runbook/execution-result.js';

export function dbOption(cmd: Command): Command {
  return cmd.option('--db <file>', 'SQLite history file (env INCIDENT_COPILOT_DB; default $XDG_DATA_HOME/incident-copilot/copilot.db)');
}

/**
 * Opens the store and marks rows left `running` by dead processes of this host as interrupted. Commands that
 * only read (`readOnlyOk`) still work on a database file marked read-only, without the cleanup.
 */
export function openCommandStore(dbFlag?: string, opts: { readOnlyOk?: boolean } = {}): Db {
  const file = resolveDbPath(dbFlag);
  try {
    const db = openStore(file);
    markInterrupted(db, hostname());
    return db;
  } catch (err) {
    if (opts.readOnlyOk && err instanceof StoreError && err.message === `database ${file} is read-only`) return openStore(file, { readonly: true });
    throw err;
  }
}

export function exitCodeFor(status: ExecutionStatus): number {
  switch (status) {
    case 'success':
    case 'partial':
    case 'dry_run':
      return EXIT.ok;
    case 'refused':
      return EXIT.refused;
    case 'interrupted':
      return EXIT.interrupted;
    default:
      return EXIT.failure;
  }
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
